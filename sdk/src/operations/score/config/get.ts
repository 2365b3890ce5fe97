import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ScoreConfig } from '../../../schemas/analytics';

export const get = defineOperation({
  id: 'score.config.get',
  kind: 'query',
  summary: "Answers the tenant's scoring weights, health thresholds and recency decay (the defaults until changed).",
  input: z.object({}),
  output: ScoreConfig,
  errors: [],
  permission: 'analytics.read',
  emits: [],
  source: 'project',
});
