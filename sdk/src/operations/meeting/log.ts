import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { Meeting } from '../../schemas/call';

export const log = defineOperation({
  id: 'meeting.log',
  kind: 'mutation',
  summary: 'Records the outcome of a booked meeting, or logs a meeting held outside the app.',
  input: z
    .object({
      /** A booked meeting; omitted: log one held elsewhere (then subject, startAt and accountId are required). */
      meetingId: Id.optional(),
      subject: z.string().trim().min(1).max(255).optional(),
      startAt: Timestamp.optional(),
      endAt: Timestamp.optional(),
      accountId: Id.optional(),
      opportunityId: Id.optional(),
      contactIds: z.array(Id).max(50).default([]),
      outcome: z.enum(['held', 'noShow', 'cancelled']).default('held'),
      notes: z.string().max(10_000).optional(),
    })
    .refine(
      (v) =>
        v.meetingId !== undefined || (v.subject !== undefined && v.startAt !== undefined && v.accountId !== undefined),
      {
        message: 'give a meetingId, or a subject, startAt and accountId',
        path: ['meetingId'],
      },
    ),
  output: Meeting,
  errors: ['not_found', 'reference_invalid', 'invalid_state'],
  permission: 'meeting.write',
  flag: 'webrtc_calls',
  emits: ['engagement.logged'],
  source: 'spec',
});
