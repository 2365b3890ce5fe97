import type { Knex } from 'knex';
import { Gauge, type Registry } from 'prom-client';
import { readEveryTenant, sharedScrape } from '#observability/scrape';

type Figures = {
  tenant: string;
  provider: string;
  calls: number;
  failed: number;
  connected: number;
  avgSec: number | null;
  reasons: { reason: string; n: number }[];
};

/** Every tenant's call figures over the last 24 hours, per provider, in one pass. */
async function readFigures(ownerKnex: Knex): Promise<Figures[]> {
  const rows = await readEveryTenant(
    ownerKnex,
    async (trx, tenantId) =>
      (
        (await trx.raw(
          `SELECT provider, count(*)::int AS calls,
                  count(*) FILTER (WHERE status = 'failed')::int AS failed,
                  count(*) FILTER (WHERE connected_at IS NOT NULL OR disposition = 'connected')::int AS connected,
                  avg(duration_sec) FILTER (WHERE status = 'ended' AND duration_sec > 0)::float AS "avgSec",
                  coalesce(jsonb_agg(failure_reason) FILTER (WHERE status = 'failed'), '[]') AS reasons
             FROM call_sessions WHERE tenant_id = ? AND started_at > now() - interval '24 hours'
            GROUP BY provider`,
          [tenantId],
        )) as { rows: (Omit<Figures, 'tenant' | 'reasons'> & { reasons: (string | null)[] })[] }
      ).rows,
  );
  return rows.map((r) => {
    const counts = new Map<string, number>();
    for (const reason of r.reasons) counts.set(reason ?? 'unknown', (counts.get(reason ?? 'unknown') ?? 0) + 1);
    return { ...r, reasons: [...counts].map(([reason, n]) => ({ reason, n })) };
  });
}

/**
 * The call figures of the spec's observability NFR, read from the database at scrape time over the last 24 hours,
 * per tenant and provider: calls, the success rate (not failed), the connect rate (answered), the average talk
 * time, and failures by reason (as the provider gave it: `408 no answer`, `486 busy`, ...).
 */
export function registerCallMetrics(registry: Registry, ownerKnex: Knex): void {
  const figures = sharedScrape(() => readFigures(ownerKnex));
  const labels = ['tenant', 'provider'] as const;
  const gauge = (name: string, help: string, value: (f: Figures) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: labels,
      registers: [registry],
      async collect() {
        this.reset();
        for (const f of await figures()) {
          const v = value(f);
          if (v !== null) this.set({ tenant: f.tenant, provider: f.provider }, v);
        }
      },
    });
  gauge('pivotal_calls_24h', 'Calls started in the last 24 hours', (f) => f.calls);
  gauge('pivotal_call_success_ratio_24h', 'Share of calls that did not fail', (f) =>
    f.calls ? (f.calls - f.failed) / f.calls : null,
  );
  gauge('pivotal_call_connect_ratio_24h', 'Share of calls the customer answered', (f) =>
    f.calls ? f.connected / f.calls : null,
  );
  gauge('pivotal_call_duration_avg_seconds_24h', 'Average talk time of ended calls', (f) => f.avgSec);
  new Gauge({
    name: 'pivotal_call_failures_24h',
    help: 'Failed calls in the last 24 hours by reason',
    labelNames: ['tenant', 'provider', 'reason'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const f of await figures())
        for (const r of f.reasons) this.set({ tenant: f.tenant, provider: f.provider, reason: r.reason }, r.n);
    },
  });
}
