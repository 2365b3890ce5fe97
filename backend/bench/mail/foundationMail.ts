import type { Knex } from 'knex';
import { withTenant } from '#db/tenantTx';
import type { BenchData } from '../seed';

/**
 * Indexed mail for the foundation tenant, so `mailContext.get` is measured with its opportunities and a full message
 * index side by side: a mailbox per rep, `messages` messages round-robin over them (a fifth sent), each rep's
 * conversations three messages long. Rep 1's inbound messages carry the Message-IDs the bench asks for
 * (`<bench-i@a{i % 2000 + 1}.example>`), and every other one of the first 2,000 is logged to an opportunity of its
 * sender's account, so the synced-copy and conversation paths of the lookup do real work. Reused when present.
 */
export async function seedFoundationMail(
  owner: Knex,
  data: BenchData,
  messages: number,
  log: (m: string) => void,
): Promise<{ seconds: number | null }> {
  const { tenantId } = data;
  const scope = { tenantId, userId: null, clientIds: null, mailboxScope: 'all' as const };
  const have = await withTenant(owner, scope, async (trx) =>
    Number((await trx.raw(`select count(*)::int as n from message_index where tenant_id = ?`, [tenantId])).rows[0].n),
  );
  if (have >= messages) return { seconds: null };
  const t0 = Date.now();
  log(`  seeding ${messages.toLocaleString()} indexed messages for the foundation tenant...`);
  await withTenant(owner, scope, async (trx) => {
    const q = (sql: string, b: unknown[] = []) => trx.raw(sql, b as Knex.RawBinding[]);
    await q(`delete from message_index where tenant_id = ?`, [tenantId]);
    await q(
      `insert into mailbox_accounts (tenant_id, id, user_id, status, connected_at)
       select tenant_id, uuidv7(), id, 'connected', now() from users where tenant_id = ? and email like 'rep%'
       on conflict do nothing`,
      [tenantId],
    );
    // Rep 1 (whose token the bench uses) is box 0.
    await q(
      `create temporary table bench_boxes on commit drop as
       select (row_number() over (order by u.email <> 'rep1@bench.test', u.email) - 1)::int as n, m.id as mailbox_id,
         u.id as user_id, u.email
       from mailbox_accounts m join users u on u.tenant_id = m.tenant_id and u.id = m.user_id where m.tenant_id = ?`,
      [tenantId],
    );
    const boxes = Number((await q(`select count(*)::int as n from bench_boxes`)).rows[0].n);
    // GIN indexes are dropped for the load and rebuilt after it, in this same transaction.
    const gin = (
      await q(
        `select indexname, indexdef from pg_indexes where tablename = 'message_index' and indexdef ilike '%using gin%'`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const ix of gin) await q(`drop index ${ix.indexname}`);
    await q(`set local maintenance_work_mem = '256MB'`);
    const chunk = 250_000;
    for (let start = 0; start < messages; start += chunk) {
      const end = Math.min(start + chunk, messages);
      // i: the message's number within its mailbox; k: its sender's account.
      await q(
        `insert into message_index (tenant_id, id, mailbox_id, user_id, external_id, folder, from_address, to_addresses,
           cc_addresses, subject, snippet, received_at, thread_key, body_pointer, internet_message_id, conversation_id,
           direction, is_read)
         select ?, uuidv7(), b.mailbox_id, b.user_id, 'AAMk' || g, case when sent then 'sent' else 'inbox' end,
           case when sent then b.email else 'buyer@a' || k || '.example' end,
           array[case when sent then 'buyer@a' || k || '.example' else b.email end],
           case when g % 5 = 1 then array['cfo@a' || k || '.example'] else '{}' end,
           'Proposal ' || (i / 3), 'About the proposal for account ' || k,
           now() - (g % 31536000) * interval '1 second', 'conv-' || b.n || '-' || (i / 3), 'graph:' || g,
           case when sent then '<sent-' || g || '@bench.test>' else '<bench-' || i || '@a' || k || '.example>' end,
           'conv-' || b.n || '-' || (i / 3), case when sent then 'out' else 'in' end, g % 3 <> 0
         from generate_series(?::bigint, ?::bigint - 1) g
         cross join lateral (select g % ? as box, g / ? as i) p
         cross join lateral (select 1 + p.i % 2000 as k, p.i % 5 = 4 as sent) x
         join bench_boxes b on b.n = p.box`,
        [tenantId, start, end, boxes, boxes],
      );
      log(`  messages ${end.toLocaleString()} (${Math.round((Date.now() - t0) / 1000)} s)`);
    }
    const t1 = Date.now();
    for (const ix of gin) await q(ix.indexdef);
    log(`  GIN indexes rebuilt in ${Math.round((Date.now() - t1) / 1000)} s`);
    // Every other one of rep 1's first 2,000 inbound messages is logged to an opportunity of its sender's account.
    await q(
      `insert into engagements (tenant_id, id, opportunity_id, account_id, actor_id, type, direction, occurred_at, channel,
         is_bot, meta, message_id)
       select m.tenant_id, uuidv7(), o.id, o.account_id, m.user_id, 'email_in', 'in', m.received_at, 'email', false, '{}', m.id
       from message_index m
       join bench_boxes b on b.n = 0 and b.mailbox_id = m.mailbox_id
       cross join lateral (select substring(m.internet_message_id from '@a([0-9]+)\\.example>$')::int as k) x
       join lateral (select id, account_id from opportunities
                     where tenant_id = m.tenant_id and account_id = (select id from accounts where tenant_id = m.tenant_id
                       and domain = 'a' || x.k || '.example') limit 1) o on true
       where m.tenant_id = ? and m.direction = 'in' and m.internet_message_id like '<bench-%'
         and substring(m.internet_message_id from '<bench-([0-9]+)@')::int < 2000
         and substring(m.internet_message_id from '<bench-([0-9]+)@')::int % 2 = 0`,
      [tenantId],
    );
  });
  await owner.raw('analyze message_index');
  const seconds = Math.round((Date.now() - t0) / 1000);
  log(`  mail seeded in ${seconds} s`);
  return { seconds };
}
