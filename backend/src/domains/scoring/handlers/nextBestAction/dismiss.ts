import type { Handler } from '#http/types';
import { ApiError, notFound } from '#http/errors';
import { DISMISSED_FOR_MS } from '#domains/scoring/nba/dismissals';

/**
 * Records that the caller dismissed one kind of action for an opportunity they can see, with the reason (a later
 * dismissal replaces it); their recommendations leave it out for two weeks. Needs a signed-in user.
 */
export const nextBestActionDismiss: Handler<'nextBestAction.dismiss'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  if (!userId) throw new ApiError('forbidden', 'Dismissing a recommendation needs a signed-in user');
  const opp = await ctx.trx('opportunities').where({ tenantId, id: input.opportunityId }).first('id');
  if (!opp) throw notFound('Opportunity');
  const values = { reason: input.reason, dismissedAt: ctx.now };
  await ctx
    .trx('nbaDismissals')
    .insert({ tenantId, userId, opportunityId: input.opportunityId, kind: input.kind, ...values })
    .onConflict(['tenantId', 'userId', 'opportunityId', 'kind'])
    .merge(values);
  const answer = {
    opportunityId: input.opportunityId,
    kind: input.kind,
    reason: input.reason,
    until: new Date(ctx.now.getTime() + DISMISSED_FOR_MS).toISOString(),
  };
  await ctx.audit({ targetType: 'opportunity', targetId: input.opportunityId, after: answer });
  return answer;
};
