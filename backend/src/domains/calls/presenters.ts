import type { CallSession } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { iso, isoRequired } from '#domains/shared/present';
import { openText } from '#security/sealing';
import type { CallSessionRow } from './rows';

/** The recording's location, opened from its seal (null when there is none, or retention deleted it). */
export async function recordingUrlOf(db: Knex, row: CallSessionRow): Promise<string | null> {
  return row.recordingSealed ? openText(db, row.tenantId, row.recordingSealed) : null;
}

/** A `call_sessions` row as the Call Session DTO; `recordingUrl` already opened by the caller. */
export function presentCall(row: CallSessionRow, recordingUrl: string | null): CallSession {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    userId: row.userId,
    contactId: row.contactId,
    opportunityId: row.opportunityId,
    direction: row.direction,
    status: row.status,
    provider: row.provider,
    toNumber: row.toNumber,
    startedAt: isoRequired(row.startedAt),
    endedAt: iso(row.endedAt),
    durationSec: row.durationSec ?? 0,
    recordingUrl,
    transcriptId: row.transcriptId,
    notes: row.notes,
    disposition: row.disposition,
    customDisposition: row.customDisposition,
    version: row.version,
  };
}

/** Loads and presents a call in one step (the recording opened in the same transaction). */
export async function presentCallRow(db: Knex, row: CallSessionRow): Promise<CallSession> {
  return presentCall(row, await recordingUrlOf(db, row));
}

/** A call as its audit rows record it: the recording's location stays sealed, only its presence is told. */
export function auditView(call: CallSession): CallSession {
  return { ...call, recordingUrl: call.recordingUrl === null ? null : '[sealed]' };
}
