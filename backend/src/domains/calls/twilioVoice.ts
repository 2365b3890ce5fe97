import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { isUuid } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { openText } from '#security/sealing';
import type { CallSessionRow } from './rows';
import { callbackUrl, telephonyRuntime, type TelephonyRuntime } from './runtime';
import { formParams } from './requestBody';

/** What Twilio's voice request asks for, once signed: the customer of a call the same rep started, or nothing. */
async function instructionsFor(
  knex: Knex,
  runtime: TelephonyRuntime,
  params: Record<string, string>,
): Promise<Parameters<NonNullable<TelephonyRuntime['twilioCallbacks']>['twiml']>[0]> {
  const { TenantId: tenantId = '', CallId: callId = '', From: from = '' } = params;
  if (!isUuid(tenantId) || !isUuid(callId)) return { kind: 'reject' };
  return withTenant(knex, systemScope(tenantId), async (trx) => {
    const call = (await trx('callSessions').where({ tenantId, id: callId }).first()) as CallSessionRow | undefined;
    if (!call || call.provider !== 'twilio' || call.status !== 'initiated' || !call.toNumber) return { kind: 'reject' };
    const sealed = (await trx('callIdentities')
      .where({ tenantId, userId: call.userId, provider: 'twilio' })
      .first('identitySealed')) as { identitySealed: Buffer } | undefined;
    // Only the rep's own browser may dial their call: Twilio names it `client:<identity>`.
    if (!sealed || `client:${await openText(trx, tenantId, sealed.identitySealed)}` !== from) return { kind: 'reject' };
    return {
      kind: 'dial',
      toNumber: call.toNumber,
      callerId: runtime.callerId,
      record: call.recordingState === 'allowed',
      callbackUrl: callbackUrl(runtime, 'twilio', tenantId, callId),
    };
  });
}

/**
 * Mounts `POST /api/calls/twilio/voice`, the TwiML app's voice URL: the browser's Twilio Voice SDK connects with
 * `{ TenantId, CallId }` of the session `call.start` made; the answer dials that session's number (never one the
 * browser names) with the deployment's caller ID, and records only where the rep's consent is enough.
 */
export function mountTwilioVoice(router: Router, deps: { knex: Knex; log: Logger }): void {
  router.post('/api/calls/twilio/voice', async (ctx) => {
    const runtime = telephonyRuntime();
    const twilio = runtime?.twilioCallbacks;
    if (!runtime || !twilio) {
      ctx.status = 503;
      ctx.body = { error: { code: 'unavailable', message: 'Twilio is not configured on this server' } };
      return;
    }
    const params = await formParams(ctx);
    const url = new URL(ctx.originalUrl, runtime.publicUrl).toString();
    if (!twilio.verify(url, params, ctx.get('x-twilio-signature') || undefined)) {
      ctx.status = 401;
      ctx.body = { error: { code: 'unauthenticated', message: 'The request is not signed by Twilio' } };
      return;
    }
    const instructions = await instructionsFor(deps.knex, runtime, params);
    if (instructions.kind === 'reject')
      deps.log.warn({ callId: params.CallId }, 'calls: a Twilio voice request refused');
    ctx.type = 'text/xml';
    ctx.body = twilio.twiml(instructions);
  });
}
