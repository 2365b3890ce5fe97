import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import { enqueueNotifications, type Notification } from './outbox';

/** Local hour a digest goes out, and the last hour a late run still sends that day's. */
export const DIGEST_HOUR = 8;
const LATEST_HOUR = 12;

type Manager = { id: string; timeZone: string; digest: string | null };

/** The local working day before `day` (Friday before a Monday). */
function previousWorkingDay(day: DateTime): DateTime {
  let d = day.minus({ days: 1 });
  while (d.weekday > 5) d = d.minus({ days: 1 });
  return d;
}

/**
 * The digests due for one manager at `now` (between 08:00 and noon local on a working day): the daily one covers the
 * days since the previous working day (Friday to Sunday on a Monday), the weekly one (Mondays) the week before. The
 * reason key names the local date, so a digest is queued once however often this runs.
 */
export function dueDigests(m: Manager, now: Date): Notification[] {
  const local = DateTime.fromJSDate(now, { zone: m.timeZone });
  if (local.weekday > 5 || local.hour < DIGEST_HOUR || local.hour >= LATEST_HOUR) return [];
  const frequency = m.digest ?? 'daily';
  const today = local.startOf('day');
  const out: Notification[] = [];
  const yesterday = today.minus({ days: 1 }).toISODate()!;
  if (frequency === 'daily' || frequency === 'both')
    out.push({
      userId: m.id,
      reasonKey: `digest:daily:${today.toISODate()}`,
      kind: 'digest',
      payload: { period: 'daily', from: previousWorkingDay(today).toISODate(), to: yesterday },
      notBefore: now,
    });
  if ((frequency === 'weekly' || frequency === 'both') && local.weekday === 1)
    out.push({
      userId: m.id,
      reasonKey: `digest:weekly:${today.toISODate()}`,
      kind: 'digest',
      payload: { period: 'weekly', from: today.minus({ days: 7 }).toISODate(), to: yesterday },
      notBefore: now,
    });
  return out;
}

/**
 * Queues the digests due now for every manager with the bot installed: a user with people reporting to them, or a
 * sales manager. Returns how many were new.
 */
export async function enqueueDigests(knex: Knex, now: Date): Promise<number> {
  let queued = 0;
  const tenants = (await knex('tenants').select('id')) as { id: string }[];
  for (const { id: tenantId } of tenants)
    queued += await withTenant(knex, systemScope(tenantId), async (trx) => {
      const { rows } = (await trx.raw(
        `SELECT u.id, u.time_zone AS "timeZone", p.digest FROM users u
           JOIN bot_conversations c ON c.tenant_id = u.tenant_id AND c.user_id = u.id
           LEFT JOIN bot_preferences p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
          WHERE u.tenant_id = :t AND u.active AND coalesce(p.digest, 'daily') <> 'off'
            AND (EXISTS (SELECT 1 FROM users r WHERE r.tenant_id = u.tenant_id AND r.manager_id = u.id AND r.active)
              OR EXISTS (SELECT 1 FROM role_assignments a WHERE a.tenant_id = u.tenant_id AND a.user_id = u.id
                          AND a.role = 'salesManager'))`,
        { t: tenantId },
      )) as { rows: Manager[] };
      return enqueueNotifications(
        trx,
        tenantId,
        rows.flatMap((m) => dueDigests(m, now)),
        now,
      );
    });
  return queued;
}

/** Local hour the day's Next Best Action prompt goes out (working days), and the last hour a late run sends it. */
export const NBA_PROMPT_HOUR = 9;

/**
 * Queues the day's Next Best Action prompt for every seller with the bot installed and prompts on, between 09:00 and
 * noon of a working day in their zone, once a day (`nba:<local date>`). The action itself is chosen when the card is
 * built (the top of `nextBestAction.get` for their day then); a day with nothing to suggest sends nothing.
 */
export async function enqueueNbaPrompts(knex: Knex, now: Date): Promise<number> {
  let queued = 0;
  const tenants = (await knex('tenants').select('id')) as { id: string }[];
  for (const { id: tenantId } of tenants)
    queued += await withTenant(knex, systemScope(tenantId), async (trx) => {
      const { rows } = (await trx.raw(
        `SELECT u.id, u.time_zone AS "timeZone" FROM users u
           JOIN bot_conversations c ON c.tenant_id = u.tenant_id AND c.user_id = u.id
           LEFT JOIN bot_preferences p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
          WHERE u.tenant_id = :t AND u.active AND coalesce(p.nba_prompts, true)
            AND EXISTS (SELECT 1 FROM role_assignments a WHERE a.tenant_id = u.tenant_id AND a.user_id = u.id
                         AND a.role IN ('salesRep', 'salesManager'))`,
        { t: tenantId },
      )) as { rows: { id: string; timeZone: string }[] };
      const due = rows.flatMap((u): Notification[] => {
        const local = DateTime.fromJSDate(now, { zone: u.timeZone });
        if (local.weekday > 5 || local.hour < NBA_PROMPT_HOUR || local.hour >= LATEST_HOUR) return [];
        const day = local.toISODate()!;
        return [{ userId: u.id, reasonKey: `nba:${day}`, kind: 'nba_prompt', payload: { day }, notBefore: now }];
      });
      return enqueueNotifications(trx, tenantId, due, now);
    });
  return queued;
}
