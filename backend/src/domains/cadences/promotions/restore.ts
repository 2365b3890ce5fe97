import type { Knex } from 'knex';
import { iso, isoRequired } from '#domains/shared/present';
import { loadCadence } from '../cadence';
import { scheduleOf, writeSchedule } from '../leads';
import type { LeadRow, SnapshotRow } from '../rows';
import { advanceSnapped, resolveSnap, type ResolvedStatus } from '../schedule';

/** One restored lead as `RestoreResult` lists it. */
export type Restored = { leadId: string; stageKey: string; nextActionAt: string | null };

/**
 * Restores still-snapped leads of a promotion (all, or `leadIds`) exactly from their immutable snapshots: one
 * statement copies each pre-promotion field back, column by column, and clears the lock; nothing is recomputed
 * (however the cadence or the clock moved since). Leads a forced change released, or the promotion already
 * advanced, are not touched. The snapshots are marked `restored`, or with `forget` deleted: `promotion.update`
 * unsnapping a lead its new touchpoints no longer reach leaves it as if never snapped, free to snap again later.
 */
export async function restoreSnapped(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  now: Date,
  leadIds?: readonly string[],
  options: { forget?: boolean } = {},
): Promise<Restored[]> {
  const only = leadIds ? 'AND s.lead_id = ANY (?::uuid[])' : '';
  const result = await trx.raw(
    `UPDATE leads l SET stage_key = s.pre_stage_key, stage_status = s.pre_stage_status, state = s.pre_state,
            next_action_at = s.pre_next_action_at, last_action_at = s.pre_last_action_at,
            last_action_source = s.pre_last_action_source, snapped_promotion_id = NULL,
            version = l.version + 1, updated_at = ?::timestamptz
       FROM promotion_snapshots s
      WHERE s.tenant_id = ?::uuid AND s.promotion_id = ?::uuid AND s.ended_as IS NULL ${only}
        AND l.tenant_id = s.tenant_id AND l.id = s.lead_id AND l.snapped_promotion_id = s.promotion_id
      RETURNING l.id, l.stage_key, l.next_action_at`,
    [now, tenantId, promotionId, ...(leadIds ? [[...leadIds]] : [])],
  );
  const rows = (result as { rows: { id: string; stage_key: string; next_action_at: Date | null }[] }).rows;
  if (rows.length > 0 && options.forget) {
    await trx('promotionSnapshots')
      .where({ tenantId, promotionId })
      .whereNull('endedAs')
      .whereIn(
        'leadId',
        rows.map((r) => r.id),
      )
      .delete();
  } else if (rows.length > 0) {
    await trx.raw(
      `UPDATE promotion_snapshots SET ended_as = 'restored', ended_at = ?::timestamptz
        WHERE tenant_id = ?::uuid AND promotion_id = ?::uuid AND lead_id = ANY (?::uuid[]) AND ended_as IS NULL`,
      [now, tenantId, promotionId, rows.map((r) => r.id)],
    );
  }
  return rows
    .map((r) => ({ leadId: r.id, stageKey: r.stage_key, nextActionAt: iso(r.next_action_at) }))
    .sort((a, b) => a.leadId.localeCompare(b.leadId));
}

type Snapped = { lead: LeadRow; snapshot: SnapshotRow };

/** A lead still snapped by the promotion, with its snapshot (row-locked), or null. */
async function snappedLead(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  leadId: string,
): Promise<Snapped | null> {
  const snapshot = (await trx('promotionSnapshots')
    .where({ tenantId, promotionId, leadId })
    .whereNull('endedAs')
    .first()) as SnapshotRow | undefined;
  if (!snapshot) return null;
  const lead = (await trx('leads')
    .where({ tenantId, id: leadId, snappedPromotionId: promotionId })
    .forUpdate()
    .first()) as LeadRow | undefined;
  return lead ? { lead, snapshot } : null;
}

async function endSnapshot(
  trx: Knex.Transaction,
  s: SnapshotRow,
  endedAs: 'restored' | 'resolved',
  now: Date,
): Promise<void> {
  await trx('promotionSnapshots')
    .where({ tenantId: s.tenantId, promotionId: s.promotionId, leadId: s.leadId })
    .update({ endedAs, endedAt: now });
}

/**
 * After a touchpoint status changed: when every touchpoint of a snapped lead is done or skipped, the lead advances
 * (its replaced stage done); see `resolveSnap`. Answers what happened.
 */
export async function resolveLead(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  leadId: string,
  now: Date,
): Promise<'pending' | 'advanced' | 'not_snapped'> {
  const found = await snappedLead(trx, tenantId, promotionId, leadId);
  if (!found) return 'not_snapped';
  const touchpointIds = (
    (await trx('promotionTouchpoints').where({ tenantId, promotionId }).select('id')) as { id: string }[]
  ).map((r) => r.id);
  const statuses = (await trx('promotionTouchpointStatuses')
    .where({ tenantId, promotionId, leadId })
    .select('touchpointId', 'status', 'completedAt')) as {
    touchpointId: string;
    status: 'done' | 'skipped';
    completedAt: Date;
  }[];
  const cadence = await loadCadence(trx, tenantId, found.lead.pipelineId);
  const resolved: ResolvedStatus[] = statuses.map((s) => ({ ...s, completedAt: isoRequired(s.completedAt) }));
  const outcome = resolveSnap(scheduleOf(found.lead), touchpointIds, resolved, cadence, cadence.timeZone);
  if (outcome.kind === 'pending') return 'pending';
  await writeSchedule(trx, found.lead, outcome.lead, now);
  await endSnapshot(trx, found.snapshot, 'resolved', now);
  return outcome.kind;
}

/**
 * Expires a promotion whose end date has passed: each still-snapped lead with at least one done touchpoint advances
 * (its replaced stage done at its latest done time); the others are restored exactly from their snapshots.
 */
export async function expirePromotion(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  pipelineId: string,
  now: Date,
): Promise<{ advanced: number; restored: number }> {
  const done = (await trx('promotionTouchpointStatuses')
    .where({ tenantId, promotionId, status: 'done' })
    .groupBy('leadId')
    .select('leadId', trx.raw('max(completed_at) AS at'))) as { leadId: string; at: Date }[];
  const cadence = await loadCadence(trx, tenantId, pipelineId);
  let advanced = 0;
  for (const { leadId, at } of done) {
    const found = await snappedLead(trx, tenantId, promotionId, leadId);
    if (!found) continue;
    await writeSchedule(trx, found.lead, advanceSnapped(scheduleOf(found.lead), at, cadence, cadence.timeZone), now);
    await endSnapshot(trx, found.snapshot, 'resolved', now);
    advanced += 1;
  }
  const restored = await restoreSnapped(trx, tenantId, promotionId, now);
  await trx('promotions')
    .where({ tenantId, id: promotionId })
    .update({ status: 'expired', updatedAt: now, version: trx.raw('version + 1') });
  return { advanced, restored: restored.length };
}
