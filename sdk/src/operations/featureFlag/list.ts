import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { FeatureFlagState } from '../../schemas/admin';

export const list = defineOperation({
  id: 'featureFlag.list',
  kind: 'query',
  summary: "Lists the tenant's feature flags and whether each is enabled.",
  input: z.object({}),
  output: z.array(FeatureFlagState),
  errors: [],
  permission: 'featureFlag.manage',
  emits: [],
  source: 'catalogue',
});
