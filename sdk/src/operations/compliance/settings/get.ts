import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ComplianceSettings } from '../../../schemas/admin';

export const get = defineOperation({
  id: 'compliance.settings.get',
  kind: 'query',
  summary:
    "Gets the tenant's compliance settings: recording consent per region, retention, opt-out and mail body cache TTL (defaults for what was never set).",
  input: z.object({}),
  output: ComplianceSettings,
  errors: [],
  permission: 'compliance.manage',
  emits: [],
  source: 'catalogue',
});
