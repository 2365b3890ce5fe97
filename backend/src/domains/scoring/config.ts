import type { ScoreConfig } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { isoRequired } from '#domains/shared/present';
import { DEFAULT_SCORING, type FactorName, type ScoringConfig } from './factors';

export type ScoreConfigRow = {
  tenantId: string;
  id: string;
  weights: Partial<Record<FactorName, number>>;
  thresholds: ScoringConfig['thresholds'];
  decayDays: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** The tenant's saved scoring settings, or null while it uses the defaults. */
export async function scoreConfigRow(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  options: { lock?: boolean } = {},
): Promise<ScoreConfigRow | null> {
  const query = trx('scoreConfigs').where({ tenantId }).first();
  if (options.lock) void query.forUpdate();
  return ((await query) as ScoreConfigRow | undefined) ?? null;
}

/** The settings scoring runs with: the saved ones over the defaults (a weight not saved keeps its default). */
export function effectiveScoring(row: ScoreConfigRow | null): ScoringConfig {
  if (!row) return DEFAULT_SCORING;
  return {
    weights: { ...DEFAULT_SCORING.weights, ...row.weights },
    thresholds: row.thresholds,
    decayDays: row.decayDays,
  };
}

export async function loadScoring(trx: Knex | Knex.Transaction, tenantId: string): Promise<ScoringConfig> {
  return effectiveScoring(await scoreConfigRow(trx, tenantId));
}

/** The settings as the API shows them; the defaults (never saved) are version 1, under the tenant's id. */
export function presentScoreConfig(row: ScoreConfigRow | null, tenantId: string, now: Date): ScoreConfig {
  const config = effectiveScoring(row);
  return {
    id: row?.id ?? tenantId,
    tenantId,
    createdAt: isoRequired(row?.createdAt ?? now),
    updatedAt: isoRequired(row?.updatedAt ?? now),
    weights: config.weights,
    thresholds: config.thresholds,
    decayDays: config.decayDays,
    version: row?.version ?? 1,
  };
}
