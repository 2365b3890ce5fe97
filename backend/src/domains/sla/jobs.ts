import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import { openDueBreaches } from './breaches';
import { loadSlaTenant, recomputeClocks, type SlaTenant } from './clocks';
import { clearBreaches, escalateDue } from './settle';

/** Clocks recomputed per transaction. */
const CLOCK_BATCH = 5_000;

/** What one SLA run did. */
export type SlaReport = { recomputed: number; opened: number; cleared: number; escalated: number };

const none = (): SlaReport => ({ recomputed: 0, opened: 0, cleared: 0, escalated: 0 });

/**
 * Takes the opportunities marked since the last run, a batch at a time in key order (the primary key's index: a
 * sequential scan would wade through the rows earlier batches deleted; SKIP LOCKED: two workers never take the
 * same), recomputes their clocks and clears the breaches that no longer stand, in one transaction per batch.
 */
async function drainMarks(knex: Knex, tenant: SlaTenant, now: Date, report: SlaReport): Promise<void> {
  const { tenantId } = tenant;
  for (;;) {
    const more = await withTenant(knex, systemScope(tenantId), async (trx) => {
      const { rows } = (await trx.raw(
        `DELETE FROM sla_dirty d USING (
           SELECT opportunity_id FROM sla_dirty WHERE tenant_id = ? ORDER BY opportunity_id LIMIT ? FOR UPDATE SKIP LOCKED) m
         WHERE d.tenant_id = ? AND d.opportunity_id = m.opportunity_id RETURNING d.opportunity_id AS id`,
        [tenantId, CLOCK_BATCH, tenantId],
      )) as { rows: { id: string }[] };
      if (rows.length === 0) return false;
      const { clocks, closed } = await recomputeClocks(
        trx,
        tenant,
        rows.map((r) => r.id),
        now,
      );
      report.recomputed += clocks.length;
      report.cleared += await clearBreaches(trx, tenant, clocks, closed, now);
      return true;
    });
    if (!more) return;
  }
}

/**
 * What every clock of the tenant shares (zone, holidays, policies), read once per run: a run takes a second or two
 * at most, and a change to any of them marks the deals again for the next one.
 */
function tenantOf(knex: Knex, tenantId: string): Promise<SlaTenant> {
  return withTenant(knex, systemScope(tenantId), (trx) => loadSlaTenant(trx, tenantId), { readOnly: true });
}

/** Runs `step` in its own transaction until it reports nothing more to do. */
async function untilDone(
  knex: Knex,
  tenant: SlaTenant,
  step: (trx: Knex.Transaction, tenant: SlaTenant) => Promise<number | null>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await withTenant(knex, systemScope(tenant.tenantId), (trx) => step(trx, tenant));
    if (n === null) return total;
    total += n;
  }
}

/**
 * One SLA evaluation for one tenant: recompute the marked clocks (clearing what a touch or a move ended), open the
 * breaches that fell due (task, event, card), escalate the ones left untouched past their delay.
 */
export async function evaluateTenant(knex: Knex, tenantId: string, now: Date): Promise<SlaReport> {
  const report = none();
  const tenant = await tenantOf(knex, tenantId);
  await drainMarks(knex, tenant, now, report);
  report.opened = await untilDone(knex, tenant, (trx, t) => openDueBreaches(trx, t, now));
  report.escalated = await untilDone(knex, tenant, (trx, t) => escalateDue(trx, t, now));
  return report;
}

/** One SLA evaluation over every tenant. */
export async function evaluateSla(knex: Knex, now: Date): Promise<SlaReport> {
  const total = none();
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id } of tenants) {
    const r = await evaluateTenant(knex, id, now);
    total.recomputed += r.recomputed;
    total.opened += r.opened;
    total.cleared += r.cleared;
    total.escalated += r.escalated;
  }
  return total;
}

/**
 * The full sweep (the nightly safety net): every open opportunity's clock recomputed, a batch at a time in id order
 * (no queue to fill and drain), clearing what no longer stands; then one evaluation opens what fell due.
 */
export async function sweepSla(knex: Knex, now: Date): Promise<SlaReport> {
  const total = none();
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id: tenantId } of tenants) {
    const tenant = await tenantOf(knex, tenantId);
    let after: string | null = null;
    for (;;) {
      const last: string | null = await withTenant(knex, systemScope(tenantId), async (trx) => {
        const ids = (await trx('opportunities')
          .where({ tenantId, status: 'open' })
          .modify((q) => (after ? q.where('id', '>', after) : q))
          .orderBy('id')
          .limit(CLOCK_BATCH)
          .pluck('id')) as string[];
        if (ids.length === 0) return null;
        const { clocks, closed } = await recomputeClocks(trx, tenant, ids, now);
        total.recomputed += clocks.length;
        total.cleared += await clearBreaches(trx, tenant, clocks, closed, now);
        return ids[ids.length - 1]!;
      });
      if (last === null) break;
      after = last;
    }
    const r = await evaluateTenant(knex, tenantId, now);
    total.opened += r.opened;
    total.cleared += r.cleared;
    total.escalated += r.escalated;
  }
  return total;
}

/** The earliest due time of any clock of any tenant (null: none), for scheduling the next evaluation. */
export async function nextSlaDue(knex: Knex): Promise<Date | null> {
  const tenants = (await knex('tenants').select('id')) as { id: string }[];
  let next: Date | null = null;
  for (const { id } of tenants) {
    const row = (await withTenant(
      knex,
      systemScope(id),
      (trx) => trx('slaClocks').where({ tenantId: id }).whereNotNull('dueAt').min({ due: 'dueAt' }).first(),
      { readOnly: true },
    )) as { due: Date | null } | undefined;
    if (row?.due && (next === null || row.due < next)) next = row.due;
  }
  return next;
}
