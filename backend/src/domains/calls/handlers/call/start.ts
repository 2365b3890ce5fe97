import { uuidv7 } from '#db/ids';
import { ApiError, invalidReference } from '#http/errors';
import type { Handler } from '#http/types';
import { loadTenantSettings } from '#domains/admin/tenantSettings';
import { readCompliance } from '#domains/admin/complianceSettings';
import { findOpportunity } from '#domains/engagements/references';
import { canSeeClient } from '#domains/shared/records';
import { assertCallable, type CalleeContact, loadCallee, numberToDial } from '#domains/calls/callee';
import { callRegion, consentRuleFor, initialRecordingState } from '#domains/calls/consent';
import { providerIdentity, telephony } from '#domains/calls/identities';
import { presentCall } from '#domains/calls/presenters';
import { callbackUrl, requireProvider } from '#domains/calls/runtime';
import type { CallSessionRow } from '#domains/calls/rows';

/**
 * Starts an outbound call by the calling user: checks the links, the number (the contact's by default), opt-out
 * and suppression, and the recording rule of the region called into (a region where recording is off refuses a
 * recorded call before anything is written); writes the session `initiated` and emits `call.started`. With a
 * server-placed provider (ACS) the call is placed here: the rep's softphone rings first, and the provider's
 * callbacks move the call on. A provider failure rolls everything back (502).
 */
export const callStart: Handler<'call.start'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  if (userId === null) throw new ApiError('forbidden', 'Only a user places calls');
  const contact: CalleeContact | null = input.contactId ? await loadCallee(ctx, input.contactId) : null;
  const opportunity = input.opportunityId ? await findOpportunity(ctx, input.opportunityId) : null;
  if (input.opportunityId && !opportunity)
    throw invalidReference('opportunityId', 'no such opportunity in this tenant');
  if (input.taskId) {
    const task = await ctx
      .trx('tasks')
      .where({ tenantId, id: input.taskId, ownerId: userId, type: 'call' })
      .first('id');
    if (!task) throw invalidReference('taskId', 'no such call task in your queue');
  }
  const clientId = opportunity?.clientId ?? contact?.clientId ?? null;
  if (!canSeeClient(ctx, clientId)) throw invalidReference('opportunityId', 'no such opportunity in this tenant');
  const toNumber = numberToDial(input.toNumber, contact);
  await assertCallable(ctx.trx, tenantId, toNumber, contact);

  const region = callRegion(toNumber, contact?.customFields?.region);
  const rule = consentRuleFor(readCompliance(await loadTenantSettings(ctx, false)).recording, region);
  if (input.record && rule === 'disabled')
    throw new ApiError('consent_required', `Recording is off for calls into ${region ?? 'this region'}`, { region });
  const { runtime, provider } = requireProvider(input.provider);

  const id = uuidv7();
  let [row] = (await ctx
    .trx('callSessions')
    .insert({
      tenantId,
      id,
      userId,
      contactId: contact?.id ?? null,
      opportunityId: opportunity?.id ?? null,
      clientId,
      taskId: input.taskId ?? null,
      direction: 'out',
      status: 'initiated',
      provider: input.provider,
      toNumber,
      region,
      consentRule: rule,
      recordingState: input.record ? initialRecordingState(rule) : 'off',
      startedAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as CallSessionRow[];
  if (input.taskId)
    await ctx
      .trx('tasks')
      .where({ tenantId, id: input.taskId, status: 'open' })
      .update({ status: 'inProgress', version: ctx.trx.raw('version + 1'), updatedAt: ctx.now });

  // The rep's identity at the provider: ACS rings it; Twilio's voice request must come from it.
  const repIdentity = await providerIdentity(ctx.trx, tenantId, userId, provider);
  if (provider.serverPlaced && provider.placeCall) {
    const placed = await telephony(() =>
      provider.placeCall!({
        callId: id,
        repIdentity,
        toNumber,
        fromNumber: runtime.callerId,
        callbackUrl: callbackUrl(runtime, 'acs', tenantId, id),
      }),
    );
    [row] = (await ctx
      .trx('callSessions')
      .where({ tenantId, id })
      .update({ providerCallId: placed.providerCallId, serverCallId: placed.serverCallId })
      .returning('*')) as CallSessionRow[];
  }
  const call = presentCall(row!, null);
  await ctx.audit({ targetType: 'call', targetId: id, after: call });
  await ctx.emit(
    'call.started',
    {
      callId: id,
      userId,
      contactId: call.contactId,
      opportunityId: call.opportunityId,
      direction: 'out',
      provider: input.provider,
    },
    { clientId },
  );
  return call;
};
