import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { page, pageInput, QueryBoolean } from '../../contract/common';
import { ApiKey } from '../../schemas/admin';

export const list = defineOperation({
  id: 'apiKey.list',
  kind: 'query',
  summary: 'Lists the API keys of the tenant (never their secrets).',
  input: z.object({ includeRevoked: QueryBoolean.default(false), ...pageInput }),
  output: page(ApiKey),
  errors: [],
  permission: 'apiKey.manage',
  emits: [],
  list: true,
  source: 'catalogue',
});
