import type { Handler } from '#http/types';
import { notFound } from '#http/errors';
import { loadScoring } from '#domains/scoring/config';
import { dealFacts } from '#domains/scoring/nba/facts';
import { nextActions, rankDay } from '#domains/scoring/nba/rules';
import { dismissedKeys } from '#domains/scoring/nba/dismissals';

/** Deals a rep's day is drawn from: their open deals, lowest health first. */
const DAY_CANDIDATES = 200;

/**
 * The next actions for an open opportunity, or (without one) the caller's day: the most pressing actions across
 * their open deals. Deterministic rules (provenance `pivotal/rules`), each action with its reason and operation;
 * actions the caller dismissed in the last two weeks are left out.
 */
export const nextBestActionGet: Handler<'nextBestAction.get'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  const config = await loadScoring(ctx.trx, tenantId);
  const sequence = (await ctx
    .trx('sequences')
    .where({ tenantId, status: 'active' })
    .whereNull('archivedAt')
    .orderBy('name')
    .first('id')) as { id: string } | undefined;
  const provenance = { provider: 'pivotal', model: 'rules-v1' };
  // What the caller dismissed lately stays out of their answers.
  const dismissed = await dismissedKeys(ctx.trx, tenantId, userId, ctx.now);
  const kept = <A extends { opportunityId: string; kind: string }>(actions: A[]) =>
    actions.filter((a) => !dismissed.has(`${a.opportunityId}:${a.kind}`));
  if (input.opportunityId) {
    const exists = await ctx.trx('opportunities').where({ tenantId, id: input.opportunityId }).first('id');
    if (!exists) throw notFound('opportunity');
    const [facts] = await dealFacts(ctx.trx, tenantId, [input.opportunityId], ctx.now, config.decayDays);
    return {
      opportunityId: input.opportunityId,
      // A closed deal has no next action.
      actions: facts ? kept(nextActions(facts, ctx.now, sequence?.id ?? null)).slice(0, input.limit) : [],
      generatedAt: ctx.now.toISOString(),
      provenance,
    };
  }
  const ids = userId
    ? ((await ctx
        .trx('opportunities')
        .where({ tenantId, ownerId: userId, status: 'open' })
        .orderBy([{ column: 'score' }, { column: 'amount', order: 'desc' }])
        .limit(DAY_CANDIDATES)
        .pluck('id')) as string[])
    : [];
  const facts = await dealFacts(ctx.trx, tenantId, ids, ctx.now, config.decayDays);
  return {
    opportunityId: null,
    actions: rankDay(
      facts.map((f) => ({ facts: f, actions: kept(nextActions(f, ctx.now, sequence?.id ?? null)) })),
      input.limit,
    ),
    generatedAt: ctx.now.toISOString(),
    provenance,
  };
};
