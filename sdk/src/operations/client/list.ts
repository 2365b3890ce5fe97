import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { page, pageInput, QueryBoolean } from '../../contract/common';
import { Client } from '../../schemas/client';

export const list = defineOperation({
  id: 'client.list',
  kind: 'query',
  summary: 'Lists the clients of the agency, archived ones only on request.',
  input: z.object({
    q: z.string().trim().min(1).max(200).optional(),
    includeArchived: QueryBoolean.default(false),
    ...pageInput,
  }),
  output: page(Client),
  errors: [],
  permission: 'client.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
