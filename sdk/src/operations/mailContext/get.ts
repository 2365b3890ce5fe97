import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email } from '../../contract/common';
import { MailContext } from '../../schemas/mailContext';

export const get = defineOperation({
  id: 'mailContext.get',
  kind: 'query',
  summary:
    'Answers who the people of an email are in Pivotal and what is open with them (opportunities with stage and SLA, last touch, tasks, sequence enrollments), for the Outlook pane.',
  input: z
    .object({
      /** The message's `internetMessageId` (`<...@...>`): finds the caller's synced copy and its engagement. */
      internetMessageId: z.string().min(3).max(998).optional(),
      from: Email.optional(),
      to: z.array(Email).max(100).default([]),
      cc: z.array(Email).max(100).default([]),
    })
    .refine((v) => v.internetMessageId !== undefined || v.from !== undefined || v.to.length + v.cc.length > 0, {
      message: 'give the internetMessageId or at least one address',
      path: ['internetMessageId'],
    }),
  output: MailContext,
  errors: [],
  permission: 'mail.read',
  emits: [],
  source: 'project',
});
