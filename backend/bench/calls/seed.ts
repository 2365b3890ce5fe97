import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { insideCallingHours } from '#domains/calls/callingHours';

/** Zones the bench spreads contacts over; which of them are inside calling hours depends on when it runs. */
const ZONES = [
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Paris',
  'Europe/Athens',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
];

export type CallsBenchData = { tenantId: string; slug: string; repEmail: string; repId: string; callable: number };

/**
 * A fresh tenant (one per run: calls change the queue) with one rep owning `tasks` open call tasks, one contact each,
 * spread over sixteen zones (those inside calling hours now hold 70% of them), 5% of contacts opted out and 5%
 * already called today; plus `spare` contacts with no task for the `call.start` case.
 */
export async function seedCalls(owner: Knex, tasks: number, spare: number): Promise<CallsBenchData> {
  const now = new Date();
  const inside = ZONES.filter((z) => insideCallingHours(z, now));
  const outside = ZONES.filter((z) => !insideCallingHours(z, now));
  if (inside.length === 0) throw new Error('no bench zone is inside calling hours now (a weekend hour): run it later');
  const slug = `bench-calls-${now.getTime().toString(36)}`;
  const [tenant] = (await owner('tenants')
    .insert({ id: uuidv7(), entraTenantId: uuidv7(), slug, name: 'Calls bench', timeZone: 'UTC' })
    .returning('id')) as {
    id: string;
  }[];
  const tenantId = tenant!.id;
  const repEmail = `rep@${slug}.test`;
  const repId = await withTenant(
    owner,
    { tenantId, userId: null, clientIds: null, mailboxScope: 'all' },
    async (trx) => {
      const q = (sql: string, b: unknown[] = []) => trx.raw(sql, b as Knex.RawBinding[]);
      const rep = (
        await q(
          `insert into users (tenant_id, id, email, display_name, entra_object_id, active, time_zone)
         select ?, x.id, ?, 'Bench rep', x.id, true, 'UTC' from (select uuidv7() id) x returning id`,
          [tenantId, repEmail],
        )
      ).rows[0].id as string;
      await q(`insert into role_assignments (tenant_id, id, user_id, role) values (?, uuidv7(), ?, 'salesRep')`, [
        tenantId,
        rep,
      ]);
      await q(
        `insert into accounts (tenant_id, id, name) select ?, uuidv7(), 'Account ' || g from generate_series(1, 200) g`,
        [tenantId],
      );
      // Phones +4420 7000 0000 + g: one per contact, unique.
      await q(
        `insert into contacts (tenant_id, id, account_id, first_name, last_name, email, phone, time_zone, opted_out)
       select ?, uuidv7(), a.ids[1 + g % 200], 'Contact', g::text, 'c' || g || '@bench.example', '+44207' || lpad(g::text, 7, '0'),
         case when g % 10 < 7 then (?::text[])[1 + g % ?] else (?::text[])[1 + g % ?] end, g % 20 = 7
       from generate_series(1, ?) g
       cross join (select array_agg(id order by id) ids from accounts where tenant_id = ?) a`,
        [
          tenantId,
          inside,
          inside.length,
          outside.length ? outside : inside,
          (outside.length ? outside : inside).length,
          tasks + spare,
          tenantId,
        ],
      );
      await q(
        `insert into tasks (tenant_id, id, type, title, contact_id, owner_id, due_at, priority, status, origin)
       select ?, uuidv7(), 'call', 'Call ' || c.last_name, c.id, ?, now() - interval '1 hour' + (c.last_name::int % 50) * interval '1 second',
         (array['low','normal','high'])[1 + c.last_name::int % 3], 'open', 'sequence'
       from contacts c where c.tenant_id = ? and c.last_name::int <= ?`,
        [tenantId, rep, tenantId, tasks],
      );
      await q(
        `insert into call_sessions (tenant_id, id, user_id, contact_id, direction, status, provider, started_at, ended_at, duration_sec)
       select ?, uuidv7(), ?, c.id, 'out', 'ended', 'webrtc', now() - interval '5 minutes', now() - interval '4 minutes', 60
       from contacts c where c.tenant_id = ? and c.last_name::int <= ? and c.last_name::int % 20 = 11`,
        [tenantId, rep, tenantId, tasks],
      );
      await q('analyze tasks; analyze contacts; analyze call_sessions');
      return rep;
    },
  );
  const callable = Math.round(tasks * 0.7 * 0.9);
  return { tenantId, slug, repEmail, repId, callable };
}
