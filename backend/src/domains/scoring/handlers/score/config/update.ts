import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { ApiError, invalidField } from '#http/errors';
import { presentScoreConfig, scoreConfigRow, type ScoreConfigRow } from '#domains/scoring/config';
import { CONTACT_FACTORS, DEFAULT_SCORING, OPPORTUNITY_FACTORS } from '#domains/scoring/factors';

const known = new Set<string>([...OPPORTUNITY_FACTORS, ...CONTACT_FACTORS]);

/** Changes the tenant's weights, health thresholds or decay; the defaults are version 1 until first saved. */
export const scoreConfigUpdate: Handler<'score.config.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  for (const key of Object.keys(input.weights ?? {})) {
    if (!known.has(key)) throw invalidField(`weights.${key}`, `unknown factor; known: ${[...known].join(', ')}`);
  }
  const current = await scoreConfigRow(ctx.trx, tenantId, { lock: true });
  const version = current?.version ?? 1;
  if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
    throw new ApiError(
      'version_conflict',
      `The scoring settings are at version ${version}, not ${input.expectedVersion}`,
      {
        currentVersion: version,
      },
    );
  }
  const weights = { ...(current?.weights ?? {}), ...(input.weights ?? {}) };
  const opportunityWeight = OPPORTUNITY_FACTORS.reduce((sum, f) => sum + (weights[f] ?? DEFAULT_SCORING.weights[f]), 0);
  if (opportunityWeight === 0) throw invalidField('weights', 'at least one opportunity factor must weigh more than 0');
  const next = {
    weights,
    thresholds: input.thresholds ?? current?.thresholds ?? DEFAULT_SCORING.thresholds,
    decayDays: input.decayDays ?? current?.decayDays ?? DEFAULT_SCORING.decayDays,
  };
  const values = {
    weights: JSON.stringify(next.weights),
    thresholds: JSON.stringify(next.thresholds),
    decayDays: next.decayDays,
    version: version + 1,
    updatedAt: ctx.now,
  };
  const [row] = (
    current
      ? await ctx.trx('scoreConfigs').where({ tenantId }).update(values).returning('*')
      : await ctx
          .trx('scoreConfigs')
          .insert({ tenantId, id: uuidv7(), createdAt: ctx.now, ...values })
          .returning('*')
  ) as ScoreConfigRow[];
  const before = presentScoreConfig(current, tenantId, ctx.now);
  const after = presentScoreConfig(row!, tenantId, ctx.now);
  await ctx.audit({ targetType: 'scoreConfig', targetId: after.id, before, after });
  return after;
};
