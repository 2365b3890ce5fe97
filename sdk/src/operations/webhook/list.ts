import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { page, pageInput } from '../../contract/common';
import { Webhook } from '../../schemas/admin';

export const list = defineOperation({
  id: 'webhook.list',
  kind: 'query',
  summary: "Lists the tenant's webhook subscriptions (never their secrets).",
  input: z.object({ ...pageInput }),
  output: page(Webhook),
  errors: [],
  permission: 'webhook.manage',
  emits: [],
  list: true,
  source: 'catalogue',
});
