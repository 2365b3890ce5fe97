import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryList, Tag } from '../../contract/common';
import { Account, DomainName } from '../../schemas/crm';

export const list = defineOperation({
  id: 'account.list',
  kind: 'query',
  summary: 'Lists accounts, filtered by name, domain, client, owner or tags.',
  input: z.object({
    q: z.string().trim().min(1).max(200).optional(),
    domain: DomainName.optional(),
    clientId: Id.optional(),
    ownerId: Id.optional(),
    tags: QueryList(Tag).optional(),
    ...pageInput,
  }),
  output: page(Account),
  errors: [],
  permission: 'account.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
