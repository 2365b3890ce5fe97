import { fromCents, type RepPerformanceReport } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import { share, type Period } from './period';

type Row = {
  userId: string;
  displayName: string;
  emailsSent: number;
  callsMade: number;
  callsConnected: number;
  meetingsBooked: number;
  tasksCompleted: number;
  tasksOverdue: number;
  slaDeals: number;
  withinSla: number;
  won: number;
  lost: number;
  dealsCreated: number;
  dealsAdvanced: number;
  wonCents: string;
  lostCents: string;
};
/** A row's figures, its amounts in exact cents (what the team's sums add up). */
type Counts = Omit<Row, 'userId' | 'displayName' | 'wonCents' | 'lostCents'> & { wonCents: bigint; lostCents: bigint };

/**
 * Each rep's activity (engagement log, tasks), SLA adherence (share of their deals open in the period never breached
 * in it) and outcomes (deals closed in the period, amounts in `currency`), in grouped scans, one row per rep even with
 * no activity; the team's figures are their sums.
 */
export async function repPerformance(
  ctx: OpContext,
  userIds: string[],
  period: Period,
  currency: string,
  clientId: string | undefined,
): Promise<RepPerformanceReport> {
  const client = (alias: string) => (clientId ? `AND ${alias}.client_id = :clientId` : '');
  const { rows } = (await ctx.trx.raw(
    `WITH reps AS (SELECT id, display_name FROM users WHERE tenant_id = :t AND id = ANY (CAST(:ids AS uuid[]))),
     activity AS (
       SELECT e.actor_id AS id,
              sum(e.count) FILTER (WHERE e.type = 'email_out') AS emails,
              sum(e.count) FILTER (WHERE e.type = 'call_out') AS calls,
              sum(e.count) FILTER (WHERE e.type = 'call_out' AND e.connected) AS connected,
              sum(e.count) FILTER (WHERE e.type = 'meeting') AS meetings
         FROM engagement_daily e
        WHERE e.tenant_id = :t AND e.actor_id = ANY (CAST(:ids AS uuid[])) AND e.is_bot = false
          AND e.day >= CAST(:from AS date) AND e.day <= CAST(:to AS date)
          AND e.type IN ('email_out', 'call_out', 'meeting') ${client('e')}
        GROUP BY e.actor_id
     ),
     work AS (
       SELECT k.owner_id AS id,
              count(*) FILTER (WHERE k.completed_at >= :start AND k.completed_at < :end) AS done,
              count(*) FILTER (WHERE k.status <> 'completed' AND k.due_at < :now) AS overdue
         FROM tasks k WHERE k.tenant_id = :t AND k.owner_id = ANY (CAST(:ids AS uuid[])) GROUP BY k.owner_id
     ),
     deals AS (
       -- The rep's deals open at some time in the period: created before its end, not closed before its start.
       SELECT o.owner_id AS id, count(*) AS n FROM opportunities o
        WHERE o.tenant_id = :t AND o.owner_id = ANY (CAST(:ids AS uuid[])) ${client('o')}
          AND o.created_at < :end AND (o.closed_at IS NULL OR o.closed_at >= :start)
        GROUP BY o.owner_id
     ),
     breached AS (
       -- Deals with a breach overlapping the period, for the owner on the breach (an index range per owner); those
       -- not among that owner's deals above (handed over since, or moved to another client) are added to them.
       SELECT b.owner_id AS id, count(DISTINCT b.opportunity_id) AS n,
              count(DISTINCT b.opportunity_id) FILTER (
                WHERE o.owner_id <> b.owner_id OR o.created_at >= :end OR o.closed_at < :start
                ${clientId ? 'OR o.client_id IS DISTINCT FROM :clientId' : ''}) AS extra
         FROM sla_breaches b JOIN opportunities o ON o.tenant_id = b.tenant_id AND o.id = b.opportunity_id
        WHERE b.tenant_id = :t AND b.owner_id = ANY (CAST(:ids AS uuid[])) ${client('b')}
          AND b.breached_at < :end AND (b.cleared_at IS NULL OR b.cleared_at >= :start)
        GROUP BY b.owner_id
     ),
     closed AS (
       SELECT o.owner_id AS id,
              count(*) FILTER (WHERE o.status = 'won') AS won,
              count(*) FILTER (WHERE o.status = 'lost') AS lost,
              coalesce(sum(round(o.amount * 100)) FILTER (WHERE o.status = 'won' AND o.currency = :currency), 0) AS won_cents,
              coalesce(sum(round(o.amount * 100)) FILTER (WHERE o.status = 'lost' AND o.currency = :currency), 0) AS lost_cents
         FROM opportunities o
        WHERE o.tenant_id = :t AND o.owner_id = ANY (CAST(:ids AS uuid[])) AND o.status IN ('won', 'lost')
          AND o.closed_at >= :start AND o.closed_at < :end ${client('o')}
        GROUP BY o.owner_id
     ),
     created AS (
       SELECT o.owner_id AS id, count(*) AS n FROM opportunities o
        WHERE o.tenant_id = :t AND o.owner_id = ANY (CAST(:ids AS uuid[]))
          AND o.created_at >= :start AND o.created_at < :end ${client('o')}
        GROUP BY o.owner_id
     ),
     advanced AS (
       -- Moves into another stage in the period (not the deal's first stay, not into a lost stage): an index range
       -- per rep (opportunity_stage_history_owner_idx), and one probe for the stay before.
       SELECT h.owner_id AS id, count(*) AS n FROM opportunity_stage_history h
        WHERE h.tenant_id = :t AND h.owner_id = ANY (CAST(:ids AS uuid[]))
          AND h.entered_at >= :start AND h.entered_at < :end ${client('h')}
          AND h.stage !~* '^closed[-_]?lost$'
          AND EXISTS (SELECT 1 FROM opportunity_stage_history p
                       WHERE p.tenant_id = h.tenant_id AND p.opportunity_id = h.opportunity_id AND p.entered_at < h.entered_at)
        GROUP BY h.owner_id
     )
     SELECT r.id AS "userId", r.display_name AS "displayName",
            coalesce(a.emails, 0)::int AS "emailsSent", coalesce(a.calls, 0)::int AS "callsMade",
            coalesce(a.connected, 0)::int AS "callsConnected", coalesce(a.meetings, 0)::int AS "meetingsBooked",
            coalesce(w.done, 0)::int AS "tasksCompleted", coalesce(w.overdue, 0)::int AS "tasksOverdue",
            (coalesce(o.n, 0) + coalesce(b.extra, 0))::int AS "slaDeals",
            (coalesce(o.n, 0) + coalesce(b.extra, 0) - coalesce(b.n, 0))::int AS "withinSla",
            coalesce(d.won, 0)::int AS won, coalesce(d.lost, 0)::int AS lost, coalesce(d.won_cents, 0)::text AS "wonCents",
            coalesce(d.lost_cents, 0)::text AS "lostCents", coalesce(c.n, 0)::int AS "dealsCreated",
            coalesce(m.n, 0)::int AS "dealsAdvanced"
       FROM reps r LEFT JOIN activity a ON a.id = r.id LEFT JOIN work w ON w.id = r.id
       LEFT JOIN deals o ON o.id = r.id LEFT JOIN breached b ON b.id = r.id LEFT JOIN closed d ON d.id = r.id
       LEFT JOIN created c ON c.id = r.id LEFT JOIN advanced m ON m.id = r.id
      ORDER BY r.display_name, r.id`,
    {
      t: ctx.principal.tenantId,
      ids: userIds,
      start: period.start,
      end: period.end,
      from: period.from,
      to: period.to,
      now: ctx.now,
      currency,
      clientId: clientId ?? null,
    },
  )) as { rows: Row[] };
  const figures = (r: Counts) => ({
    emailsSent: r.emailsSent,
    callsMade: r.callsMade,
    callsConnected: r.callsConnected,
    tasksCompleted: r.tasksCompleted,
    tasksOverdue: r.tasksOverdue,
    meetingsBooked: r.meetingsBooked,
    slaAdherence: share(r.withinSla, r.slaDeals),
    dealsCreated: r.dealsCreated,
    dealsAdvanced: r.dealsAdvanced,
    won: r.won,
    lost: r.lost,
    winRate: share(r.won, r.won + r.lost),
    wonAmount: fromCents(r.wonCents),
    lostAmount: fromCents(r.lostCents),
    averageDealSize: r.won === 0 ? null : fromCents(r.wonCents / BigInt(r.won)),
    currency,
  });
  const counts = rows.map(({ userId: _u, displayName: _d, ...r }): Counts => ({
    ...r,
    wonCents: BigInt(r.wonCents),
    lostCents: BigInt(r.lostCents),
  }));
  const reps = rows.map((r, i) => ({ userId: r.userId, displayName: r.displayName, ...figures(counts[i]!) }));
  // The team's figures are the reps' summed, field by field (amounts in exact cents).
  const zero: Counts = {
    emailsSent: 0,
    callsMade: 0,
    callsConnected: 0,
    meetingsBooked: 0,
    tasksCompleted: 0,
    tasksOverdue: 0,
    slaDeals: 0,
    withinSla: 0,
    won: 0,
    lost: 0,
    dealsCreated: 0,
    dealsAdvanced: 0,
    wonCents: 0n,
    lostCents: 0n,
  };
  const total = counts.reduce((t, r) => {
    const sum = { ...t };
    for (const key of Object.keys(zero) as (keyof Counts)[])
      (sum as Record<string, number | bigint>)[key] = (t[key] as number) + (r[key] as number);
    return sum;
  }, zero);
  return { period: { from: period.from, to: period.to }, reps, team: figures(total) };
}
