import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, JsonObject, Phone, Tag } from '../../contract/common';
import { Account, DomainName } from '../../schemas/crm';

export const update = defineOperation({
  id: 'account.update',
  kind: 'mutation',
  summary: "Changes an account's name, domain, details, owner, tags or custom fields.",
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    domain: DomainName.nullable().optional(),
    industry: z.string().trim().max(100).nullable().optional(),
    website: z.url().max(500).nullable().optional(),
    phone: Phone.nullable().optional(),
    clientId: Id.nullable().optional(),
    ownerId: Id.nullable().optional(),
    tags: z.array(Tag).max(50).optional(),
    customFields: JsonObject.optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Account,
  errors: ['not_found', 'version_conflict', 'reference_invalid'],
  permission: 'account.write',
  emits: [],
  source: 'catalogue',
});
