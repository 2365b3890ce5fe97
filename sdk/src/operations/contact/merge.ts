import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { Contact } from '../../schemas/crm';

export const merge = defineOperation({
  id: 'contact.merge',
  kind: 'mutation',
  summary: 'Merges a duplicate contact into a survivor, moving its engagements, tasks and enrollments.',
  input: z.object({ survivorId: Id, mergedId: Id }).refine((v) => v.survivorId !== v.mergedId, {
    message: 'a contact cannot be merged into itself',
    path: ['mergedId'],
  }),
  output: Contact,
  errors: ['not_found', 'invalid_state'],
  permission: 'contact.write',
  emits: [],
  source: 'catalogue',
});
