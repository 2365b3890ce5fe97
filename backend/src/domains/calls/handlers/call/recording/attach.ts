import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { auditView, presentCall, recordingUrlOf } from '#domains/calls/presenters';
import { attachRecording, assertRecordingAllowed } from '#domains/calls/recordings';
import { lockOwnCall } from '#domains/calls/records';

/**
 * Attaches a recording made elsewhere (a provider without callbacks, a desk phone) to the caller's call, once it
 * connected: refused with `consent_required` where the region's rule is off, the customer refused, or every party
 * had to consent and `consentObtained` is false. The location is kept sealed; the same one again is a no-op.
 */
export const callRecordingAttach: Handler<'call.recording.attach'> = async (input, ctx) => {
  const row = await lockOwnCall(ctx, input.id);
  const answered = row.connectedAt !== null || row.status === 'connected' || row.status === 'ended';
  if (!answered) throw new ApiError('invalid_state', `A ${row.status} call has nothing to record`);
  assertRecordingAllowed(row, input.consentObtained);
  const currentUrl = await recordingUrlOf(ctx.trx, row);
  const updated = await attachRecording(
    ctx.trx,
    row,
    { url: input.recordingUrl, durationSec: input.durationSec ?? null, currentUrl },
    ctx.principal.actor,
    ctx.now,
  );
  const before = presentCall(row, currentUrl);
  const after = presentCall(updated, input.recordingUrl);
  if (updated !== row)
    await ctx.audit({ targetType: 'call', targetId: row.id, before: auditView(before), after: auditView(after) });
  return after;
};
