import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, Timestamp } from '../../../contract/common';
import { OutOfOffice } from '../../../schemas/sequence';

export const set = defineOperation({
  id: 'user.outOfOffice.set',
  kind: 'mutation',
  summary:
    "Records a period a user is away: the caller's own, or another user's with `user.manage`. Automated sequence email from that user's mailbox waits until the period ends.",
  input: z
    .object({
      userId: Id.optional(),
      startsAt: Timestamp,
      endsAt: Timestamp,
      note: z.string().trim().max(200).default(''),
    })
    .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), {
      message: '`endsAt` must be after `startsAt`',
      path: ['endsAt'],
    })
    .refine((v) => Date.parse(v.endsAt) - Date.parse(v.startsAt) <= 366 * 86_400_000, {
      message: 'at most a year',
      path: ['endsAt'],
    }),
  output: OutOfOffice,
  errors: ['not_found'],
  permission: 'self',
  emits: [],
  source: 'project',
});
