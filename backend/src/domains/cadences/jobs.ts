import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import type { CadenceRow } from './rows';
import { atLocalTime, localDate, rolloverTarget } from './schedule';
import { expirePromotion } from './promotions/restore';

/** The local time (in a cadence's zone) from which that day's nightly rollover runs. */
export const ROLLOVER_LOCAL_TIME = '23:00';

/** What one rollover run did. */
export type RolloverReport = { cadences: number; moved: number; leftLocked: number };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The nightly rollover for every tenant at `now`: each cadence with rollover on whose local time has reached 23:00
 * and that has not rolled over on this local date yet moves its overdue (open, pending, `nextActionAt <= now`),
 * unlocked leads to the next local day at its day start (the core's `rolloverTarget`). Leads a promotion locked
 * are left alone and counted. Idempotent: the cadence's `last_rollover_on` is the run's key, and a moved lead is no
 * longer overdue.
 */
export async function runRollover(knex: Knex, now: Date): Promise<RolloverReport> {
  const report: RolloverReport = { cadences: 0, moved: 0, leftLocked: 0 };
  const tenants = (await knex('tenants').select('id', 'timeZone').orderBy('id')) as { id: string; timeZone: string }[];
  for (const tenant of tenants) {
    await withTenant(knex, systemScope(tenant.id), async (trx) => {
      const cadences = (await trx('leadCadences')
        .where({ tenantId: tenant.id, rollover: true })
        .forUpdate()) as CadenceRow[];
      for (const cadence of cadences) {
        const zone = cadence.timeZone ?? tenant.timeZone;
        const today = localDate(now, zone);
        const key = `${today.year}-${pad(today.month)}-${pad(today.day)}`;
        if (now < atLocalTime(today, ROLLOVER_LOCAL_TIME, zone)) continue;
        if (cadence.lastRolloverOn !== null && String(cadence.lastRolloverOn) >= key) continue;
        const moved = await rolloverCadence(trx, cadence, zone, now);
        report.moved += moved.moved;
        report.leftLocked += moved.leftLocked;
        await trx('leadCadences').where({ tenantId: tenant.id, id: cadence.id }).update({ lastRolloverOn: key });
        report.cadences += 1;
      }
    });
  }
  return report;
}

/**
 * Rolls one cadence's overdue leads over at `now` (no time-of-day gate): the open, pending leads due at or before
 * `now` that no promotion locks move to `rolloverTarget(now)`; locked ones are left alone and counted.
 */
export async function rolloverCadence(
  trx: Knex.Transaction,
  cadence: Pick<CadenceRow, 'tenantId' | 'pipelineId' | 'dayStartTime'>,
  zone: string,
  now: Date,
): Promise<{ moved: number; leftLocked: number }> {
  const overdue = trx('leads')
    .where({ tenantId: cadence.tenantId, pipelineId: cadence.pipelineId, state: 'open', stageStatus: 'pending' })
    .where('nextActionAt', '<=', now);
  const locked = (await overdue.clone().whereNotNull('snappedPromotionId').count('* as n')) as { n: string | number }[];
  const moved = (await overdue
    .clone()
    .whereNull('snappedPromotionId')
    .update({
      nextActionAt: rolloverTarget(now, cadence, zone),
      lastActionAt: now,
      lastActionSource: 'rollover',
      version: trx.raw('version + 1'),
      updatedAt: now,
    })) as number;
  return { moved, leftLocked: Number(locked[0]?.n ?? 0) };
}

/** Expires every active promotion whose end date has passed (see `expirePromotion`), for every tenant. */
export async function runPromotionExpiry(
  knex: Knex,
  now: Date,
): Promise<{ expired: number; advanced: number; restored: number }> {
  const report = { expired: 0, advanced: 0, restored: 0 };
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id: tenantId } of tenants) {
    await withTenant(knex, systemScope(tenantId), async (trx) => {
      const due = (await trx('promotions')
        .where({ tenantId, status: 'active' })
        .where('endDate', '<=', now)
        .forUpdate()
        .select('id', 'pipelineId')) as {
        id: string;
        pipelineId: string;
      }[];
      for (const p of due) {
        const r = await expirePromotion(trx, tenantId, p.id, p.pipelineId, now);
        report.expired += 1;
        report.advanced += r.advanced;
        report.restored += r.restored;
      }
    });
  }
  return report;
}
