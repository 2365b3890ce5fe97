import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Id, Timestamp, TimeZone } from '../../contract/common';
import { Meeting } from '../../schemas/call';
import { MailBody } from '../../schemas/mail';

export const create = defineOperation({
  id: 'meeting.create',
  kind: 'mutation',
  summary: "Books a meeting in the organizer's Office 365 calendar and logs it on the timeline.",
  input: z
    .object({
      subject: z.string().trim().min(1).max(255),
      startAt: Timestamp,
      endAt: Timestamp,
      /** Omitted: the organizer's time zone. */
      timeZone: TimeZone.optional(),
      attendees: z
        .array(z.object({ email: Email, name: z.string().max(200).optional() }))
        .min(1)
        .max(100),
      opportunityId: Id.optional(),
      accountId: Id.optional(),
      location: z.string().max(500).optional(),
      /** Add a Teams meeting link. */
      online: z.boolean().default(true),
      body: MailBody.optional(),
    })
    .refine((v) => Date.parse(v.startAt) < Date.parse(v.endAt), {
      message: '`startAt` must be before `endAt`',
      path: ['endAt'],
    }),
  output: Meeting,
  errors: ['mailbox_not_connected', 'reference_invalid', 'upstream_failed'],
  permission: 'meeting.write',
  flag: 'webrtc_calls',
  emits: ['engagement.logged'],
  source: 'spec',
});
