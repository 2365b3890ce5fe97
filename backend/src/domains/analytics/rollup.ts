import type { Rollup } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import type { Period } from './period';

type Row = {
  clientId: string;
  clientName: string;
  clientTotal: boolean;
  projectId: string | null;
  projectName: string | null;
  openCount: number;
  openAmount: string;
  weighted: string;
  wonCount: number;
  wonAmount: string;
  lostCount: number;
  engagements: number;
};

const money = (expr: string) => `round(coalesce(${expr}, 0), 2)::text`;

/**
 * Client and project rollups: open deals now (count, amount, weighted), deals won and lost in the period, and the
 * engagements logged in it; by client with their projects (deals without a project count for the client only).
 * Amounts in `currency` (deals in another are counted, not summed). Client roles see their clients (RLS).
 */
export async function rollup(
  ctx: OpContext,
  period: Period,
  currency: string,
  filter: { clientId?: string | undefined; projectId?: string | undefined },
): Promise<Rollup> {
  const where = [
    filter.clientId ? 'AND o.client_id = :clientId' : '',
    filter.projectId ? 'AND o.project_id = :projectId' : '',
  ].join(' ');
  const { rows } = (await ctx.trx.raw(
    `WITH deals AS (
       SELECT o.client_id, o.project_id, GROUPING(o.project_id) = 1 AS client_total,
              count(*) FILTER (WHERE o.status = 'open') AS open_count,
              sum(o.amount) FILTER (WHERE o.status = 'open' AND o.currency = :currency) AS open_amount,
              sum(o.amount * round(o.probability * 1000000000)::int8) FILTER (WHERE o.status = 'open' AND o.currency = :currency)
                * 0.000000001 AS weighted,
              count(*) FILTER (WHERE o.status = 'won' AND o.closed_at >= :start AND o.closed_at < :end) AS won_count,
              sum(o.amount) FILTER (WHERE o.status = 'won' AND o.closed_at >= :start AND o.closed_at < :end
                AND o.currency = :currency) AS won_amount,
              count(*) FILTER (WHERE o.status = 'lost' AND o.closed_at >= :start AND o.closed_at < :end) AS lost_count
         FROM opportunities o WHERE o.tenant_id = :t AND o.client_id IS NOT NULL ${where}
        GROUP BY GROUPING SETS ((o.client_id), (o.client_id, o.project_id))
     ),
     activity AS (
       SELECT o.client_id, o.project_id, GROUPING(o.project_id) = 1 AS client_total, count(*) AS engagements
         FROM engagements e JOIN opportunities o ON o.tenant_id = e.tenant_id AND o.id = e.opportunity_id
        WHERE e.tenant_id = :t AND e.is_bot = false AND e.occurred_at >= :start AND e.occurred_at < :end
          AND o.client_id IS NOT NULL ${where}
        GROUP BY GROUPING SETS ((o.client_id), (o.client_id, o.project_id))
     )
     SELECT c.id AS "clientId", c.name AS "clientName", d.client_total AS "clientTotal", d.project_id AS "projectId",
            p.name AS "projectName",
            coalesce(d.open_count, 0)::int AS "openCount", ${money('d.open_amount')} AS "openAmount",
            ${money('d.weighted')} AS weighted, coalesce(d.won_count, 0)::int AS "wonCount",
            ${money('d.won_amount')} AS "wonAmount", coalesce(d.lost_count, 0)::int AS "lostCount",
            coalesce(a.engagements, 0)::int AS engagements
       FROM deals d
       JOIN clients c ON c.tenant_id = :t AND c.id = d.client_id
       LEFT JOIN projects p ON p.tenant_id = :t AND p.id = d.project_id
       LEFT JOIN activity a ON a.client_id = d.client_id AND a.client_total = d.client_total
                            AND a.project_id IS NOT DISTINCT FROM d.project_id
      -- Deals without a project count for their client only (no "null project" row).
      WHERE d.client_total OR d.project_id IS NOT NULL
      ORDER BY c.name, c.id, d.client_total DESC, p.name`,
    {
      t: ctx.principal.tenantId,
      start: period.start,
      end: period.end,
      currency,
      clientId: filter.clientId ?? null,
      projectId: filter.projectId ?? null,
    },
  )) as { rows: Row[] };
  const figures = (r: Row) => ({
    openCount: r.openCount,
    openAmount: r.openAmount,
    weighted: r.weighted,
    wonCount: r.wonCount,
    wonAmount: r.wonAmount,
    lostCount: r.lostCount,
    engagements: r.engagements,
  });
  const clients = rows
    .filter((r) => r.clientTotal)
    .map((c) => ({
      clientId: c.clientId,
      name: c.clientName,
      ...figures(c),
      projects: rows
        .filter((r) => !r.clientTotal && r.clientId === c.clientId)
        .map((r) => ({ projectId: r.projectId!, name: r.projectName ?? '', ...figures(r) })),
    }));
  return { currency, period: { from: period.from, to: period.to }, clients };
}
