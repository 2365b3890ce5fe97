import type { TouchpointStatus } from '@pivotal-pm/sdk';
import { notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { presentStatus } from '../presenters';
import { resolveLead } from './restore';
import { assertActive, loadPromotion } from './store';

type StatusInput = { promotionId: string; touchpointId: string; leadId: string; reason?: string | undefined };

/**
 * Records one lead's status at one touchpoint (the container's schedule is untouched), then lets a snapped lead
 * advance or restore once all its touchpoints are resolved. Idempotent: the same status again changes nothing.
 */
export async function setTouchpointStatus(
  ctx: OpContext,
  input: StatusInput,
  status: 'done' | 'skipped',
): Promise<TouchpointStatus> {
  const { tenantId } = ctx.principal;
  const promotion = await loadPromotion(ctx, input.promotionId);
  assertActive(promotion);
  const key = { tenantId, promotionId: promotion.id };
  const touchpoint = await ctx
    .trx('promotionTouchpoints')
    .where({ ...key, id: input.touchpointId })
    .first('id');
  if (!touchpoint) throw notFound('Touchpoint');
  const member = await ctx
    .trx('promotionCohort')
    .where({ ...key, leadId: input.leadId })
    .first('leadId');
  if (!member) throw notFound('Lead in the cohort');
  const where = { ...key, touchpointId: input.touchpointId, leadId: input.leadId };
  const existing = (await ctx.trx('promotionTouchpointStatuses').where(where).first()) as
    { status: string; completedAt: Date; actorId: string | null } | undefined;
  if (existing?.status !== status) {
    const row = {
      ...where,
      status,
      reason: input.reason ?? null,
      completedAt: ctx.now,
      actorId: ctx.principal.userId ?? null,
    };
    await ctx
      .trx('promotionTouchpointStatuses')
      .insert(row)
      .onConflict(['tenantId', 'promotionId', 'touchpointId', 'leadId'])
      .merge(['status', 'reason', 'completedAt', 'actorId']);
    await ctx.audit({
      targetType: 'promotionTouchpoint',
      targetId: input.touchpointId,
      before: existing ?? null,
      after: { leadId: input.leadId, status },
    });
    await resolveLead(ctx.trx, tenantId, promotion.id, input.leadId, ctx.now);
  }
  const saved = (await ctx.trx('promotionTouchpointStatuses').where(where).first()) as {
    status: 'done' | 'skipped';
    completedAt: Date;
    actorId: string | null;
  };
  return presentStatus(promotion.id, input.touchpointId, input.leadId, saved);
}
