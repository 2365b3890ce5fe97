import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion } from '../../../contract/common';
import { ComplianceSettings } from '../../../schemas/admin';

export const update = defineOperation({
  id: 'compliance.settings.update',
  kind: 'mutation',
  summary:
    "Changes part of the tenant's compliance settings: recording consent per region, retention, opt-out and mail body cache TTL.",
  input: z.object({
    recording: ComplianceSettings.shape.recording.partial().optional(),
    retention: ComplianceSettings.shape.retention.partial().optional(),
    optOut: ComplianceSettings.shape.optOut.partial().optional(),
    mailBodyCacheTtlSeconds: ComplianceSettings.shape.mailBodyCacheTtlSeconds.optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: ComplianceSettings,
  errors: ['version_conflict'],
  permission: 'compliance.manage',
  emits: [],
  source: 'spec',
});
