import type { Knex } from 'knex';
import { Gauge, type Registry } from 'prom-client';
import { readEveryTenant, sharedScrape } from '#observability/scrape';

type Row = {
  tenant: string;
  stage: string;
  kind: string;
  open: number;
  total: number;
  p50: number | null;
  p90: number | null;
};

/** Reads every tenant's breach figures (per stage and kind) in one pass. */
function readFigures(ownerKnex: Knex): Promise<Row[]> {
  return readEveryTenant(
    ownerKnex,
    async (trx, tenantId) =>
      (
        (await trx.raw(
          `SELECT stage, kind, count(*) FILTER (WHERE cleared_at IS NULL)::int AS open,
                  count(*) FILTER (WHERE breached_at > now() - interval '30 days')::int AS total,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_touch_at - breached_at))
                    FILTER (WHERE first_touch_at IS NOT NULL AND breached_at > now() - interval '30 days') AS p50,
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_touch_at - breached_at))
                    FILTER (WHERE first_touch_at IS NOT NULL AND breached_at > now() - interval '30 days') AS p90
             FROM sla_breaches WHERE tenant_id = ? AND (cleared_at IS NULL OR breached_at > now() - interval '30 days')
            GROUP BY stage, kind`,
          [tenantId],
        )) as { rows: Omit<Row, 'tenant'>[] }
      ).rows,
  );
}

/**
 * The SLA figures of the spec's observability NFR, read from the database at scrape time (so any process serving
 * `/metrics` reports what every worker did): breaches open and recorded (last 30 days) per tenant, stage and kind,
 * and the time from a breach to the first human touch over the last 30 days (p50 and p90). One read per scrape,
 * shared by the three gauges (the registry collects them at once).
 */
export function registerSlaMetrics(registry: Registry, ownerKnex: Knex): void {
  const figures = sharedScrape(() => readFigures(ownerKnex));
  const labels = ['tenant', 'stage', 'kind'] as const;
  new Gauge({
    name: 'pivotal_sla_breaches_open',
    help: 'SLA breaches not cleared yet, per tenant, stage and kind',
    labelNames: labels,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await figures()) this.set({ tenant: r.tenant, stage: r.stage, kind: r.kind }, r.open);
    },
  });
  new Gauge({
    name: 'pivotal_sla_breaches_recorded',
    help: 'SLA breaches recorded in the last 30 days, per tenant, stage and kind',
    labelNames: labels,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await figures()) this.set({ tenant: r.tenant, stage: r.stage, kind: r.kind }, r.total);
    },
  });
  new Gauge({
    name: 'pivotal_sla_first_touch_seconds',
    help: 'Seconds from an SLA breach to the first human touch (breaches of the last 30 days), per quantile',
    labelNames: [...labels, 'quantile'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await figures()) {
        const l = { tenant: r.tenant, stage: r.stage, kind: r.kind };
        if (r.p50 !== null) this.set({ ...l, quantile: '0.5' }, Math.max(0, r.p50));
        if (r.p90 !== null) this.set({ ...l, quantile: '0.9' }, Math.max(0, r.p90));
      }
    },
  });
}
