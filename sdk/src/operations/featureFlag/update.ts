import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { FeatureFlagState } from '../../schemas/admin';
import { FeatureFlagName } from '../../schemas/directory';

export const update = defineOperation({
  id: 'featureFlag.update',
  kind: 'mutation',
  summary: 'Enables or disables a feature flag for the tenant.',
  input: z.object({ flag: FeatureFlagName, enabled: z.boolean() }),
  output: FeatureFlagState,
  errors: [],
  permission: 'featureFlag.manage',
  emits: [],
  source: 'catalogue',
});
