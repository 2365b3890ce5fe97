import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, JsonObject, Phone, Tag } from '../../contract/common';
import { Account, DomainName } from '../../schemas/crm';

export const create = defineOperation({
  id: 'account.create',
  kind: 'mutation',
  summary: 'Creates an account: a company the agency sells to or on behalf of a client.',
  input: z.object({
    name: z.string().trim().min(1).max(200),
    domain: DomainName.optional(),
    industry: z.string().trim().max(100).optional(),
    website: z.url().max(500).optional(),
    phone: Phone.optional(),
    /** Null or omitted: an account of the agency itself. */
    clientId: Id.nullable().optional(),
    ownerId: Id.optional(),
    tags: z.array(Tag).max(50).default([]),
    customFields: JsonObject.default({}),
  }),
  output: Account,
  errors: ['reference_invalid'],
  permission: 'account.write',
  emits: [],
  source: 'catalogue',
});
