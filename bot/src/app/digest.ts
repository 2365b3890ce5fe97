import type { Opportunity, RepPerformanceReport, ScoreConfig } from '@pivotal-pm/sdk';
import { managerDigestCard, type AdaptiveCard, type DigestData, type HealthBand } from '../cards/index';
import { cardContextOf, type BotDeps, type BotUser } from './types';

/** Which digest, over which local dates (inclusive). */
export type DigestPeriod = { period: 'daily' | 'weekly'; from: string; to: string };

/** At-risk deals shown at most. */
const AT_RISK = 5;

function bandOf(score: number, thresholds: ScoreConfig['thresholds']): HealthBand {
  if (score >= thresholds.healthy) return 'healthy';
  return score >= thresholds.atRisk ? 'watch' : 'at_risk';
}

/**
 * The figures of a manager's digest, all read through the API as the manager: the team's activity and closed deals
 * from `rep.performance.get` (the manager's team), their open deals below the healthy band (`opportunity.list`
 * with `scoreBelow`), and their SLA breaches (`sla.breach.list`). The card shows exactly these numbers.
 */
export async function digestData(
  user: BotUser,
  period: DigestPeriod,
): Promise<{ data: DigestData; report: RepPerformanceReport }> {
  const { client } = user;
  const report = await client.rep.performance.get({ period: { from: period.from, to: period.to } });
  const team = report.reps.map((r) => r.userId);
  const config = await client.score.config.get({});
  const atRisk: Opportunity[] = [];
  for (const ownerId of team) {
    const page = await client.opportunity.list({
      ownerId,
      status: 'open',
      scoreBelow: config.thresholds.healthy,
      limit: 50,
    });
    atRisk.push(...page.data);
  }
  atRisk.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  const names = new Map(report.reps.map((r) => [r.userId, r.displayName]));
  const open =
    team.length > 0 ? (await client.sla.breach.list({ ownerIds: team, status: 'open', limit: 200 })).data : [];
  const since = `${period.from}T00:00:00.000Z`;
  const recent =
    team.length > 0 ? (await client.sla.breach.list({ ownerIds: team, status: 'all', since, limit: 200 })).data : [];
  const byStage = new Map<string, number>();
  for (const b of open) byStage.set(b.stage, (byStage.get(b.stage) ?? 0) + 1);
  const data: DigestData = {
    ...period,
    pipeline: {
      created: report.team.dealsCreated,
      advanced: report.team.dealsAdvanced,
      won: { count: report.team.won, amount: report.team.wonAmount },
      lost: { count: report.team.lost, amount: report.team.lostAmount },
      currency: report.team.currency,
    },
    atRisk: atRisk.slice(0, AT_RISK).map((o) => ({
      id: o.id,
      name: o.name,
      ownerName: names.get(o.ownerId) ?? '',
      score: o.score,
      band: bandOf(o.score, config.thresholds),
      amount: o.amount,
      currency: o.currency,
    })),
    sla: { open: open.length, new: recent.length, byStage: [...byStage].map(([stage, count]) => ({ stage, count })) },
    team: report.reps.map((r) => ({
      name: r.displayName,
      emails: r.emailsSent,
      calls: r.callsMade,
      meetings: r.meetingsBooked,
      tasksDone: r.tasksCompleted,
    })),
  };
  return { data, report };
}

/** The manager's digest card. */
export async function digestCard(deps: BotDeps, user: BotUser, period: DigestPeriod): Promise<AdaptiveCard> {
  return managerDigestCard(cardContextOf(deps, user), (await digestData(user, period)).data);
}
