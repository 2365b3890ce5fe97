import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Id } from '../../contract/common';

export const render = defineOperation({
  id: 'template.render',
  kind: 'query',
  summary:
    'Fills a template’s merge tags for the first recipient who is a contact (and an opportunity), as a message written now would be: for inserting into an email being composed.',
  input: z.object({
    templateId: Id,
    /** The recipients of the email being written: the first one who is a contact fills the contact tags. */
    to: z.array(Email).max(100).default([]),
    opportunityId: Id.optional(),
  }),
  output: z.object({
    subject: z.string(),
    /** The body as HTML (a text template is escaped and kept as written), merge tag values escaped. */
    bodyHtml: z.string(),
    /** The contact whose values filled the contact tags; null when no recipient is one. */
    contactId: Id.nullable(),
  }),
  errors: ['not_found', 'reference_invalid'],
  permission: 'mail.send',
  emits: [],
  source: 'project',
});
