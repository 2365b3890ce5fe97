import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean } from '../../contract/common';
import { EmailTemplate } from '../../schemas/mail';

export const list = defineOperation({
  id: 'template.list',
  kind: 'query',
  summary: 'Lists e-mail templates by name or client, archived ones only on request.',
  input: z.object({
    q: z.string().trim().min(1).max(200).optional(),
    clientId: Id.optional(),
    includeArchived: QueryBoolean.default(false),
    ...pageInput,
  }),
  output: page(EmailTemplate),
  errors: [],
  permission: 'sequence.read',
  flag: 'inbox_o365',
  emits: [],
  list: true,
  source: 'catalogue',
});
