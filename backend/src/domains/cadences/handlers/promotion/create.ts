import type { Handler } from '#http/types';
import { uuidv7 } from '#db/ids';
import { invalidReference } from '#http/errors';
import { ensureCadenceRow, loadCadence, type EffectiveCadence } from '#domains/cadences/cadence';
import { insertCohort, judge, loadCohort, snapLeads } from '#domains/cadences/promotions/snap';
import { presentPromotion } from '#domains/cadences/promotions/store';
import { scheduleTouchpoints, touchpointRows } from '#domains/cadences/promotions/touchpoints';
import type { PromotionRow } from '#domains/cadences/rows';

/**
 * Creates a promotion: its row, one time-locked container per touchpoint, the persisted cohort, and (with `snap`)
 * for each lead whose upcoming stage falls within the window of a touchpoint an immutable snapshot and the lock.
 * No row per lead per touchpoint is written: per-lead statuses appear only when a lead is worked.
 */
export const promotionCreate: Handler<'promotion.create'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  let cadence: EffectiveCadence;
  try {
    cadence = await loadCadence(ctx.trx, tenantId, input.pipelineId);
  } catch {
    throw invalidReference('pipelineId', `Pipeline ${input.pipelineId} does not exist in this tenant`);
  }
  const leads = await loadCohort(ctx.trx, tenantId, input.pipelineId, input.leadIds);
  await ensureCadenceRow(ctx.trx, cadence);
  const id = uuidv7();
  const [row] = (await ctx
    .trx('promotions')
    .insert({
      tenantId,
      id,
      pipelineId: input.pipelineId,
      clientId: cadence.clientId,
      name: input.name,
      status: 'active',
      endDate: input.endDate,
      snapWindowDays: input.snapWindowDays,
      snap: input.snap,
      cohortTakenAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as PromotionRow[];
  const touchpoints = touchpointRows(tenantId, id, input.touchpoints);
  await ctx.trx('promotionTouchpoints').insert(touchpoints);
  const verdicts = input.snap
    ? judge(leads, id, scheduleTouchpoints(touchpoints), input.snapWindowDays, cadence.timeZone)
    : [];
  const snapped = await snapLeads(ctx.trx, tenantId, id, verdicts, ctx.now);
  await insertCohort(
    ctx.trx,
    tenantId,
    id,
    leads.map((l) => l.id),
    new Set(snapped),
  );
  const promotion = await presentPromotion(ctx.trx, row!);
  await ctx.audit({
    targetType: 'promotion',
    targetId: id,
    before: null,
    after: {
      name: promotion.name,
      touchpoints: promotion.touchpoints.length,
      cohort: leads.length,
      snapped: snapped.length,
    },
  });
  return promotion;
};
