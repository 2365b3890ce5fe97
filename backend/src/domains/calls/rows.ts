import type { CallDisposition, CallSession } from '@pivotal-pm/sdk';
import { tableColumns } from '#db/tableColumns';

/** How far a call's recording got: decided at `call.start` by the region's consent rule, then moved by signals. */
export type RecordingState =
  'off' | 'awaiting_consent' | 'refused' | 'allowed' | 'recording' | 'stopped' | 'ready' | 'purged';

/** A `call_sessions` row. */
export type CallSessionRow = {
  tenantId: string;
  id: string;
  userId: string;
  contactId: string | null;
  opportunityId: string | null;
  direction: 'out' | 'in';
  status: CallSession['status'];
  provider: CallSession['provider'];
  startedAt: Date;
  endedAt: Date | null;
  durationSec: number | null;
  transcriptId: string | null;
  notes: string | null;
  disposition: CallDisposition | null;
  meta: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  toNumber: string | null;
  customDisposition: string | null;
  taskId: string | null;
  clientId: string | null;
  providerCallId: string | null;
  serverCallId: string | null;
  region: string | null;
  consentRule: 'disabled' | 'oneParty' | 'allParty' | null;
  recordingState: RecordingState;
  recordingId: string | null;
  /** The recording's location, sealed under the tenant's data key. */
  recordingSealed: Buffer | null;
  recordedAt: Date | null;
  connectedAt: Date | null;
  failureReason: string | null;
  dispositionedAt: Date | null;
  engagementId: string | null;
  engagementOccurredAt: Date | null;
};

/** The columns of `CallSessionRow` (`call_sessions`). */
export const callSessionColumns = tableColumns<CallSessionRow>()('call_sessions', [
  'tenantId',
  'id',
  'userId',
  'contactId',
  'opportunityId',
  'direction',
  'status',
  'provider',
  'startedAt',
  'endedAt',
  'durationSec',
  'transcriptId',
  'notes',
  'disposition',
  'meta',
  'version',
  'createdAt',
  'updatedAt',
  'toNumber',
  'customDisposition',
  'taskId',
  'clientId',
  'providerCallId',
  'serverCallId',
  'region',
  'consentRule',
  'recordingState',
  'recordingId',
  'recordingSealed',
  'recordedAt',
  'connectedAt',
  'failureReason',
  'dispositionedAt',
  'engagementId',
  'engagementOccurredAt',
]);

/** The statuses a call has finished in: nothing but a disposition, a recording or a transcript changes it then. */
export const FINISHED: ReadonlySet<CallSession['status']> = new Set(['ended', 'failed']);
