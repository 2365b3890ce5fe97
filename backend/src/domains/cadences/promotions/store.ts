import type { Promotion } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { ApiError } from '#http/errors';
import type { OpContext } from '#http/types';
import { isoRequired } from '#domains/shared/present';
import { loadForUpdate } from '#domains/shared/records';
import type { PromotionRow, TouchpointRow } from '../rows';

type Db = Knex | Knex.Transaction;

/** Loads a promotion of the caller's tenant for update (404, row lock, 409 version_conflict). */
export function loadPromotion(ctx: OpContext, id: string, expectedVersion?: number): Promise<PromotionRow> {
  return loadForUpdate<PromotionRow>(ctx.trx, 'promotions', ctx.principal.tenantId, id, 'Promotion', expectedVersion);
}

/** 409 invalid_state when the promotion has expired (its touchpoints and cohort are final). */
export function assertActive(row: PromotionRow): void {
  if (row.status !== 'active') throw new ApiError('invalid_state', 'The promotion has expired', { status: row.status });
}

/** A promotion's touchpoint containers in their order. */
export function touchpointsOf(db: Db, tenantId: string, promotionId: string): Promise<TouchpointRow[]> {
  return db('promotionTouchpoints')
    .where({ tenantId, promotionId })
    .orderBy([{ column: 'position' }, { column: 'id' }]) as Promise<TouchpointRow[]>;
}

/** A promotion row with its touchpoints, cohort snapshot, still-snapped leads and per-touchpoint progress. */
export async function presentPromotion(db: Db, row: PromotionRow): Promise<Promotion> {
  const { tenantId, id } = row;
  // One query at a time: the request transaction is a single connection.
  const touchpoints = await touchpointsOf(db, tenantId, id);
  const cohort = (await db('promotionCohort')
    .where({ tenantId, promotionId: id })
    .orderBy('position')
    .select('leadId', 'sources')) as { leadId: string; sources: string[] }[];
  const snapped = (
    (await db('promotionSnapshots')
      .where({ tenantId, promotionId: id })
      .whereNull('endedAs')
      .orderBy('leadId')
      .select('leadId')) as { leadId: string }[]
  ).map((r) => r.leadId);
  const counts = (await db('promotionTouchpointStatuses')
    .where({ tenantId, promotionId: id })
    .groupBy('touchpointId', 'status')
    .select('touchpointId', 'status', db.raw('count(*)::int AS n'))) as {
    touchpointId: string;
    status: 'done' | 'skipped';
    n: number;
  }[];
  const count = (tp: string, status: 'done' | 'skipped') =>
    counts.find((c) => c.touchpointId === tp && c.status === status)?.n ?? 0;
  return {
    id,
    tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    pipelineId: row.pipelineId,
    name: row.name,
    status: row.status,
    endDate: isoRequired(row.endDate),
    touchpoints: touchpoints.map((t) => ({
      id: t.id,
      name: t.name,
      scheduledAt: isoRequired(t.scheduledAt),
      channel: t.channel,
      templateId: t.templateId,
      notes: t.notes,
    })),
    cohort: {
      leadIds: cohort.map((c) => c.leadId),
      sources: Object.fromEntries(cohort.map((c) => [c.leadId, c.sources as ('manual' | 'filter' | 'snap_active')[]])),
      takenAt: isoRequired(row.cohortTakenAt),
    },
    snapWindowDays: row.snapWindowDays,
    snappedLeadIds: snapped,
    progress: touchpoints.map((t) => {
      const done = count(t.id, 'done');
      const skipped = count(t.id, 'skipped');
      return { touchpointId: t.id, open: cohort.length - done - skipped, done, skipped };
    }),
    version: row.version,
  };
}
