import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Id, page, pageInput, QueryBoolean, QueryList, Tag } from '../../contract/common';
import { Contact } from '../../schemas/crm';

export const list = defineOperation({
  id: 'contact.list',
  kind: 'query',
  summary: 'Lists contacts, filtered by account, client, owner, name, e-mail, opt-out state or tags.',
  input: z.object({
    /** Only these contacts (at most 200, e.g. the primary contacts of a page of opportunities). */
    ids: QueryList(Id)
      .refine((v) => v.length <= 200, 'at most 200 ids')
      .optional(),
    accountId: Id.optional(),
    clientId: Id.optional(),
    ownerId: Id.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    email: Email.optional(),
    optedOut: QueryBoolean.optional(),
    tags: QueryList(Tag).optional(),
    ...pageInput,
  }),
  output: page(Contact),
  errors: [],
  permission: 'contact.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
