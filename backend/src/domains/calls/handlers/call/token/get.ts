import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { providerIdentity, telephony } from '#domains/calls/identities';
import { telephonyRuntime } from '#domains/calls/runtime';

/**
 * A VoIP token for the caller's browser softphone: from ACS when configured (else Twilio), for the caller's own
 * provider identity (made on first use and kept sealed). The identity is written beside the read-only request.
 */
export const callTokenGet: Handler<'call.token.get'> = async (_input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  if (userId === null) throw new ApiError('forbidden', 'Only a user has a softphone');
  const runtime = telephonyRuntime();
  const provider = runtime?.acs ?? runtime?.twilio ?? null;
  if (!provider) throw new ApiError('upstream_failed', 'No telephony provider is configured in this deployment');
  if (!ctx.sideTransaction) throw new Error('call.token.get needs a side transaction');
  const identity = await ctx.sideTransaction((trx) => providerIdentity(trx, tenantId, userId, provider));
  const token = await telephony(() => provider.issueToken(identity));
  return {
    token: token.token,
    expiresAt: token.expiresAt.toISOString(),
    identity: token.identity,
    provider: provider.name === 'twilio' ? 'twilio' : 'webrtc',
    emulated: provider === runtime?.acs && runtime.acsEmulated,
  };
};
