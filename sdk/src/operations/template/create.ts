import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { EmailTemplate, TemplatedMailBody, TemplatedSubject, TemplateKey } from '../../schemas/mail';

export const create = defineOperation({
  id: 'template.create',
  kind: 'mutation',
  summary: 'Creates an e-mail template with merge tags such as `{{contact.firstName}}`.',
  input: z.object({
    name: z.string().trim().min(1).max(200),
    /** Omitted: derived from the name. */
    key: TemplateKey.optional(),
    subject: TemplatedSubject,
    body: TemplatedMailBody,
    clientId: Id.nullable().optional(),
  }),
  output: EmailTemplate,
  errors: ['already_exists', 'reference_invalid'],
  permission: 'template.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'catalogue',
});
