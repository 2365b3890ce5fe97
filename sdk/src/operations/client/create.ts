import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { Client } from '../../schemas/client';
import { DomainName } from '../../schemas/crm';

export const create = defineOperation({
  id: 'client.create',
  kind: 'mutation',
  summary: 'Creates a client of the agency.',
  input: z.object({
    name: z.string().trim().min(1).max(200),
    code: z.string().trim().min(1).max(20).optional(),
    domain: DomainName.optional(),
    ownerId: Id.optional(),
  }),
  output: Client,
  errors: ['already_exists', 'reference_invalid'],
  permission: 'client.write',
  emits: [],
  source: 'catalogue',
});
