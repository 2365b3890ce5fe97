import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Id, Phone, Tag, TimeZone } from '../../contract/common';
import { Contact } from '../../schemas/crm';
import { Locale } from '../../schemas/directory';

export const create = defineOperation({
  id: 'contact.create',
  kind: 'mutation',
  summary: 'Creates a contact at an account with e-mail, phone, time zone and locale.',
  input: z.object({
    accountId: Id,
    clientId: Id.nullable().optional(),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100).default(''),
    title: z.string().trim().max(200).optional(),
    email: Email.optional(),
    phone: Phone.optional(),
    timeZone: TimeZone.optional(),
    locale: Locale.optional(),
    ownerId: Id.optional(),
    tags: z.array(Tag).max(50).default([]),
  }),
  output: Contact,
  errors: ['already_exists', 'reference_invalid'],
  permission: 'contact.write',
  emits: [],
  source: 'catalogue',
});
