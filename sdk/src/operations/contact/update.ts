import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, ExpectedVersion, Id, Phone, Tag, TimeZone } from '../../contract/common';
import { Contact } from '../../schemas/crm';
import { Locale } from '../../schemas/directory';

export const update = defineOperation({
  id: 'contact.update',
  kind: 'mutation',
  summary: "Changes a contact's details or opt-out state (opting out stamps `optOutAt`).",
  input: z.object({
    id: Id,
    accountId: Id.optional(),
    firstName: z.string().trim().min(1).max(100).optional(),
    lastName: z.string().trim().max(100).optional(),
    title: z.string().trim().max(200).nullable().optional(),
    email: Email.nullable().optional(),
    phone: Phone.nullable().optional(),
    timeZone: TimeZone.nullable().optional(),
    locale: Locale.nullable().optional(),
    optedOut: z.boolean().optional(),
    ownerId: Id.nullable().optional(),
    tags: z.array(Tag).max(50).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Contact,
  errors: ['not_found', 'version_conflict', 'already_exists', 'reference_invalid'],
  permission: 'contact.write',
  emits: [],
  source: 'catalogue',
});
