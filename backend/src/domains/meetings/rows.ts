import type { Meeting } from '@pivotal-pm/sdk';
import { tableColumns } from '#db/tableColumns';
import { isoRequired } from '#domains/shared/present';

/** A `meetings` row. */
export type MeetingRow = {
  tenantId: string;
  id: string;
  organizerId: string;
  subject: string;
  startAt: Date;
  endAt: Date;
  timeZone: string;
  attendees: Meeting['attendees'];
  location: string | null;
  onlineMeetingUrl: string | null;
  opportunityId: string | null;
  accountId: string | null;
  clientId: string | null;
  status: Meeting['status'];
  notes: string | null;
  externalEventId: string | null;
  engagementId: string | null;
  engagementOccurredAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** The columns of `MeetingRow` (`meetings`). */
export const meetingColumns = tableColumns<MeetingRow>()('meetings', [
  'tenantId',
  'id',
  'organizerId',
  'subject',
  'startAt',
  'endAt',
  'timeZone',
  'attendees',
  'location',
  'onlineMeetingUrl',
  'opportunityId',
  'accountId',
  'clientId',
  'status',
  'notes',
  'externalEventId',
  'engagementId',
  'engagementOccurredAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `meetings` row as the Meeting DTO. */
export function presentMeeting(row: MeetingRow): Meeting {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    organizerId: row.organizerId,
    subject: row.subject,
    startAt: isoRequired(row.startAt),
    endAt: isoRequired(row.endAt),
    timeZone: row.timeZone,
    attendees: row.attendees,
    location: row.location,
    onlineMeetingUrl: row.onlineMeetingUrl,
    opportunityId: row.opportunityId,
    accountId: row.accountId,
    status: row.status,
    notes: row.notes,
    externalEventId: row.externalEventId,
    engagementId: row.engagementId,
    version: row.version,
  };
}
