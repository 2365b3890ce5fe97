import type { Knex } from 'knex';
import { ApiError } from '#http/errors';
import { appendEvents } from '#domains/events/append';
import { seal } from '#security/sealing';
import type { CallSessionRow } from './rows';

/** Recording states in which every party has consented or the rule needs only the rep's. */
const CONSENTED = new Set(['allowed', 'recording', 'stopped', 'ready', 'purged']);

/**
 * 409 `consent_required` unless the call may be recorded: never where the region's rule is off or the customer
 * refused; where all parties must consent, only with their consent (asserted by the caller, or given to the
 * provider's prompt).
 */
export function assertRecordingAllowed(row: CallSessionRow, consentObtained: boolean): void {
  if (row.consentRule === 'disabled')
    throw new ApiError('consent_required', `Recording is off for calls into ${row.region ?? 'this region'}`);
  if (row.recordingState === 'refused') throw new ApiError('consent_required', 'The customer refused to be recorded');
  if (row.consentRule === 'allParty' && !consentObtained && !CONSENTED.has(row.recordingState))
    throw new ApiError('consent_required', `Every party must consent to recording in ${row.region ?? 'this region'}`);
}

/** True when the call's words may be kept: the same rule as its recording (a transcript is a recording's words). */
export function transcriptAllowed(row: CallSessionRow): boolean {
  if (row.consentRule === 'disabled' || row.recordingState === 'refused') return false;
  return row.consentRule !== 'allParty' || CONSENTED.has(row.recordingState);
}

/**
 * Keeps a recording's location (sealed) on the call and emits `call.recorded`; the same location again changes
 * nothing. The row must be locked and the consent checked.
 */
export async function attachRecording(
  trx: Knex.Transaction,
  row: CallSessionRow,
  recording: { url: string; durationSec: number | null; currentUrl: string | null },
  actor: string,
  now: Date,
): Promise<CallSessionRow> {
  if (recording.currentUrl === recording.url) return row;
  const [updated] = (await trx('callSessions')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({
      recordingSealed: await seal(trx, row.tenantId, recording.url),
      recordingState: 'ready',
      recordedAt: now,
      meta: JSON.stringify({ ...row.meta, recordingDurationSec: recording.durationSec }),
      version: row.version + 1,
      updatedAt: now,
    })
    .returning('*')) as CallSessionRow[];
  await appendEvents(trx, row.tenantId, [
    {
      name: 'call.recorded',
      payload: {
        callId: row.id,
        userId: row.userId,
        contactId: row.contactId,
        opportunityId: row.opportunityId,
        durationSec: recording.durationSec,
      },
      clientId: row.clientId,
      actor,
      occurredAt: now,
    },
  ]);
  return updated!;
}
