import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';

/**
 * One database read shared by the gauges of a scrape: the registry collects every gauge at once, so the first asks
 * and the others wait for the same answer, kept a second.
 */
export function sharedScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let scrape: Promise<T> | null = null;
  return () => {
    scrape ??= read().finally(() => setTimeout(() => (scrape = null), 1_000).unref());
    return scrape;
  };
}

/**
 * Runs a read-only query in every tenant's scope (system scope, on the owner connection) and labels its rows with
 * the tenant's slug: the figures `/metrics` reads from the database at scrape time.
 */
export async function readEveryTenant<T extends object>(
  ownerKnex: Knex,
  read: (trx: Knex.Transaction, tenantId: string) => Promise<T[]>,
): Promise<(T & { tenant: string })[]> {
  const tenants = (await ownerKnex('tenants').select('id', 'slug')) as { id: string; slug: string }[];
  const out: (T & { tenant: string })[] = [];
  for (const t of tenants) {
    const rows = await withTenant(ownerKnex, systemScope(t.id), (trx) => read(trx, t.id), { readOnly: true });
    out.push(...rows.map((r) => ({ ...r, tenant: t.slug })));
  }
  return out;
}
