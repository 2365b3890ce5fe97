import type { Handler, OpContext } from '#http/types';
import { invalidField, invalidReference } from '#http/errors';
import { loadCadence } from '#domains/cadences/cadence';
import { restoreSnapped, resolveLead } from '#domains/cadences/promotions/restore';
import { rederiveSnaps } from '#domains/cadences/promotions/rederive';
import { insertCohort, loadCohort } from '#domains/cadences/promotions/snap';
import { assertActive, loadPromotion, presentPromotion, touchpointsOf } from '#domains/cadences/promotions/store';
import { replaceTouchpoints, scheduleTouchpoints, touchpointRows } from '#domains/cadences/promotions/touchpoints';
import type { PromotionRow } from '#domains/cadences/rows';

/**
 * Changes a promotion; the only write path of a touchpoint's date. After any change of touchpoints, window or cohort
 * the snaps are those `promotion.create` would derive from them (`rederiveSnaps`): a lead whose upcoming stage
 * (as its immutable snapshot has it) falls within the window of a touchpoint is snapped on it, moved with it when
 * its date changes, and restored exactly when none reaches it any more. Leaving the cohort restores a snapped lead
 * exactly and drops its statuses.
 */
export const promotionUpdate: Handler<'promotion.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadPromotion(ctx, input.id, input.expectedVersion);
  assertActive(row);
  const before = await presentPromotion(ctx.trx, row);
  const endDate = input.endDate ? new Date(input.endDate) : row.endDate;
  const windowDays = input.snapWindowDays ?? row.snapWindowDays;
  if (input.touchpoints) {
    const known = new Set(before.touchpoints.map((t) => t.id));
    input.touchpoints.forEach((t, i) => {
      if (t.id && !known.has(t.id))
        throw invalidReference(`touchpoints.${i}.id`, `Touchpoint ${t.id} is not one of this promotion's`);
    });
    const rows = touchpointRows(tenantId, row.id, input.touchpoints);
    assertBeforeEnd(
      rows.map((r) => r.scheduledAt),
      endDate,
    );
    // Statuses at a removed touchpoint go with it; its snapped leads are judged again below.
    await replaceTouchpoints(ctx.trx, tenantId, row.id, rows);
  } else if (input.endDate) {
    assertBeforeEnd(
      before.touchpoints.map((t) => new Date(t.scheduledAt)),
      endDate,
    );
  }
  if (input.leadIds) await changeCohort(ctx, row, before.cohort.leadIds, input.leadIds);
  if (row.snap && (input.touchpoints || input.leadIds || input.snapWindowDays !== undefined)) {
    const cadence = await loadCadence(ctx.trx, tenantId, row.pipelineId);
    const touchpoints = scheduleTouchpoints(await touchpointsOf(ctx.trx, tenantId, row.id));
    await rederiveSnaps(ctx.trx, tenantId, row.id, touchpoints, windowDays, cadence.timeZone, ctx.now);
  }
  if (input.touchpoints) {
    // A removed touchpoint may have been the last open one of a lead.
    for (const leadId of await worked(ctx, row)) await resolveLead(ctx.trx, tenantId, row.id, leadId, ctx.now);
  }
  const [saved] = (await ctx
    .trx('promotions')
    .where({ tenantId, id: row.id })
    .update({ name: input.name, endDate, snapWindowDays: windowDays, version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as PromotionRow[];
  const after = await presentPromotion(ctx.trx, saved!);
  await ctx.audit({ targetType: 'promotion', targetId: row.id, before: summary(before), after: summary(after) });
  return after;
};

function assertBeforeEnd(dates: readonly Date[], endDate: Date): void {
  if (dates.some((d) => d.getTime() > endDate.getTime()))
    throw invalidField('touchpoints', 'every touchpoint must be scheduled before the end date');
}

function summary(p: {
  name: string;
  endDate: string;
  touchpoints: { id: string; scheduledAt: string }[];
  cohort: { leadIds: string[] };
}) {
  return {
    name: p.name,
    endDate: p.endDate,
    touchpoints: p.touchpoints.map((t) => [t.id, t.scheduledAt]),
    cohort: p.cohort.leadIds.length,
  };
}

/** Still-snapped leads with at least one resolved touchpoint. */
async function worked(ctx: OpContext, row: PromotionRow): Promise<string[]> {
  const rows = (await ctx
    .trx('promotionSnapshots as s')
    .where({ 's.tenantId': row.tenantId, 's.promotionId': row.id })
    .whereNull('s.endedAs')
    .whereExists((q) =>
      q
        .from('promotionTouchpointStatuses as st')
        .whereRaw('st.tenant_id = s.tenant_id AND st.promotion_id = s.promotion_id AND st.lead_id = s.lead_id'),
    )
    .select('s.leadId')) as { leadId: string }[];
  return rows.map((r) => r.leadId);
}

/** Leaving leads are restored exactly and dropped with their statuses; joining ones are added (snapped later). */
async function changeCohort(
  ctx: OpContext,
  row: PromotionRow,
  current: readonly string[],
  next: readonly string[],
): Promise<void> {
  const { tenantId } = row;
  const keep = new Set(next);
  const had = new Set(current);
  const leaving = current.filter((id) => !keep.has(id));
  const joining = [...new Set(next)].filter((id) => !had.has(id));
  if (leaving.length) {
    await restoreSnapped(ctx.trx, tenantId, row.id, ctx.now, leaving);
    await ctx
      .trx('promotionTouchpointStatuses')
      .where({ tenantId, promotionId: row.id })
      .whereIn('leadId', leaving)
      .delete();
    await ctx.trx('promotionCohort').where({ tenantId, promotionId: row.id }).whereIn('leadId', leaving).delete();
    // Their (ended) snapshots go too, so a lead that joins again gets a fresh one.
    await ctx
      .trx('promotionSnapshots')
      .where({ tenantId, promotionId: row.id })
      .whereIn('leadId', leaving)
      .whereNotNull('endedAs')
      .delete();
  }
  if (joining.length === 0) return;
  await loadCohort(ctx.trx, tenantId, row.pipelineId, joining);
  const max = (await ctx
    .trx('promotionCohort')
    .where({ tenantId, promotionId: row.id })
    .max('position as m')
    .first()) as { m: number | null };
  await insertCohort(ctx.trx, tenantId, row.id, joining, new Set(), (max.m ?? 0) + 1);
}
