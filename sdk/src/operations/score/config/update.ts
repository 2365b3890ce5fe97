import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion } from '../../../contract/common';
import { ScoreConfig } from '../../../schemas/analytics';

export const update = defineOperation({
  id: 'score.config.update',
  kind: 'mutation',
  summary: "Changes the tenant's scoring weights, health thresholds or recency decay.",
  input: z.object({
    weights: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,49}$/), z.number().min(0).max(1)).optional(),
    thresholds: z
      .object({ atRisk: z.number().int().min(0).max(100), healthy: z.number().int().min(0).max(100) })
      .refine((t) => t.atRisk < t.healthy, { message: '`atRisk` must be below `healthy`', path: ['healthy'] })
      .optional(),
    decayDays: z.number().int().min(1).max(365).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: ScoreConfig,
  errors: ['version_conflict'],
  permission: 'score.manage',
  emits: [],
  source: 'spec',
});
