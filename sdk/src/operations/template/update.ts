import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { EmailTemplate, TemplatedMailBody, TemplatedSubject } from '../../schemas/mail';

export const update = defineOperation({
  id: 'template.update',
  kind: 'mutation',
  summary: "Changes a template's name, subject, body or client scope.",
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    subject: TemplatedSubject.optional(),
    body: TemplatedMailBody.optional(),
    clientId: Id.nullable().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: EmailTemplate,
  errors: ['not_found', 'version_conflict', 'invalid_state', 'reference_invalid'],
  permission: 'template.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'catalogue',
});
