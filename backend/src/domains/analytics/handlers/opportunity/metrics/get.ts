import { slaState } from '@pivotal-pm/sdk';
import type { Handler } from '#http/types';
import { notFound } from '#http/errors';
import { isoRequired } from '#domains/shared/present';
import { loadScoring } from '#domains/scoring/config';
import { healthOf, scoreOpportunity } from '#domains/scoring/factors';
import { HUMAN_TOUCH_TYPES, opportunityInputs } from '#domains/scoring/inputs';

const DAY = 86_400_000;
const wholeDays = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY));

type Counts = {
  emailsOut: number;
  emailsIn: number;
  calls: number;
  meetings: number;
  contactsEngaged: number;
  lastActivityAt: Date | null;
};

/** One opportunity's health: time open and in stage, its stage history, its human engagement, its score now. */
export const opportunityMetricsGet: Handler<'opportunity.metrics.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const opp = (await ctx
    .trx('opportunities')
    .where({ tenantId, id: input.opportunityId })
    .first('id', 'createdAt', 'closedAt', 'stage', 'stageEnteredAt', 'lastActivityAt')) as
    | {
        id: string;
        createdAt: Date;
        closedAt: Date | null;
        stage: string;
        stageEnteredAt: Date;
        lastActivityAt: Date | null;
      }
    | undefined;
  if (!opp) throw notFound('opportunity');
  const config = await loadScoring(ctx.trx, tenantId);
  const history = (await ctx
    .trx('opportunityStageHistory')
    .where({ tenantId, opportunityId: opp.id })
    .orderBy([{ column: 'enteredAt' }, { column: 'id' }])
    .select('stage', 'enteredAt', 'exitedAt')) as { stage: string; enteredAt: Date; exitedAt: Date | null }[];
  const counts = (await ctx.trx.raw(
    `SELECT count(*) FILTER (WHERE type = 'email_out')::int AS "emailsOut",
              count(*) FILTER (WHERE type = 'email_in')::int AS "emailsIn",
              count(*) FILTER (WHERE type IN ('call_in', 'call_out'))::int AS calls,
              count(*) FILTER (WHERE type = 'meeting')::int AS meetings,
              count(DISTINCT contact_id)::int AS "contactsEngaged",
              max(occurred_at) AS "lastActivityAt"
         FROM engagements
        WHERE tenant_id = ? AND opportunity_id = ? AND is_bot = false AND type = ANY (?) AND occurred_at <= ?`,
    [tenantId, opp.id, [...HUMAN_TOUCH_TYPES], ctx.now],
  )) as { rows: Counts[] };
  const [inputs] = await opportunityInputs(ctx.trx, tenantId, [opp.id], ctx.now, config.decayDays);
  const scored = scoreOpportunity(inputs!.inputs, config, ctx.now);
  const engagement = counts.rows[0]!;
  const internal = ctx.principal.clientIds === null;
  const lastTouch = new Date(opp.lastActivityAt ?? opp.stageEnteredAt);
  return {
    opportunityId: opp.id,
    daysOpen: wholeDays(new Date(opp.createdAt), opp.closedAt ? new Date(opp.closedAt) : ctx.now),
    daysInStage: wholeDays(new Date(opp.stageEnteredAt), ctx.now),
    stageHistory: history.map((h) => ({
      stage: h.stage,
      enteredAt: isoRequired(h.enteredAt),
      exitedAt: h.exitedAt ? isoRequired(h.exitedAt) : null,
    })),
    engagement: {
      ...engagement,
      lastActivityAt: engagement.lastActivityAt ? isoRequired(engagement.lastActivityAt) : null,
    },
    score: scored.score,
    factors: scored.factors,
    health: healthOf(scored.score, config.thresholds),
    slaBreached: internal ? slaState(inputs!.inputs.slaPolicy, opp.stage, lastTouch, ctx.now) === 'breached' : null,
  };
};
