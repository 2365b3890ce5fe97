import type { Knex } from 'knex';
import { createTenant } from '#db/seeds/tenants';
import { withTenant } from '#db/tenantTx';

/** Sizes of the benchmark data set (issue: 50 reps x 5,000 open opportunities, 2,000,000 engagements). */
export type BenchSize = { reps: number; oppsPerRep: number; engagements: number; hotEngagements: number };

/** The foundation data set at each bench size (BENCH_SIZE=small for a quick run). */
export const FOUNDATION_SIZES = {
  small: { reps: 5, oppsPerRep: 2000, engagements: 100_000, hotEngagements: 2000 },
  full: { reps: 50, oppsPerRep: 5000, engagements: 2_000_000, hotEngagements: 2000 },
} as const satisfies Record<string, BenchSize>;

export type BenchData = {
  tenantId: string;
  slug: string;
  repEmail: string;
  repId: string;
  hotOpportunityId: string;
  pipelineId: string;
};

/** Seeds the benchmark tenant with set-based SQL (seconds, not minutes); reuses it when present. */
export async function seedBench(owner: Knex, size: BenchSize, log: (m: string) => void): Promise<BenchData> {
  const slug = `bench-${size.reps}x${size.oppsPerRep}-${size.engagements}`;
  const existing = await owner('tenants').where({ slug }).first('id');
  if (existing) return describe(owner, existing.id as string, slug);
  const t0 = Date.now();
  const { id: tenantId } = await createTenant(owner, { slug, name: 'Benchmark Agency', defaultCurrency: 'EUR' });
  await withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    const q = (sql: string, b: unknown[] = []) => trx.raw(sql, b as Knex.RawBinding[]);
    await q(
      `insert into users (tenant_id, id, email, display_name, entra_object_id, active, time_zone)
      select ?, x.id, 'rep' || x.g || '@bench.test', 'Rep ' || x.g, x.id, true, 'UTC'
      from (select uuidv7() as id, g from generate_series(1, ?) g) x`,
      [tenantId, size.reps],
    );
    await q(
      `insert into users (tenant_id, id, email, display_name, entra_object_id, active, time_zone)
      select ?, x.id, 'manager@bench.test', 'Manager', x.id, true, 'UTC' from (select uuidv7() id) x`,
      [tenantId],
    );
    await q(
      `insert into role_assignments (tenant_id, id, user_id, role)
      select tenant_id, uuidv7(), id, case when email like 'manager%' then 'salesManager' else 'salesRep' end from users where tenant_id = ?`,
      [tenantId],
    );
    await q(
      `insert into accounts (tenant_id, id, name, domain) select ?, uuidv7(), 'Account ' || g, 'a' || g || '.example' from generate_series(1, 2000) g`,
      [tenantId],
    );
    await q(
      `insert into pipelines (tenant_id, id, name, owner_id, default_currency, stage_order, sla_policy)
      select ?, uuidv7(), 'Bench pipeline', id, 'EUR', array['qualification','proposal','negotiation','closedWon','closedLost'],
        '{"stageProbability":{"qualification":0.1,"proposal":0.35,"negotiation":0.7,"closedWon":1,"closedLost":0}}'
      from users where tenant_id = ? and email = 'manager@bench.test'`,
      [tenantId, tenantId],
    );
    log('  seeding opportunities...');
    await q(
      `insert into opportunities (tenant_id, id, pipeline_id, name, account_id, owner_id, stage, amount, currency, probability,
        close_date, source, status, stage_entered_at, updated_at, created_at)
      select ?, uuidv7(), p.id, 'Deal ' || g, a.ids[1 + g % 2000], r.ids[1 + g % ?], (array['qualification','proposal','negotiation'])[1 + g % 3],
        (1000 + (g::bigint * 7919) % 90000)::numeric(18,2), 'EUR', (array[0.1,0.35,0.7])[1 + g % 3],
        current_date + ((g % 180) - 30), 'outbound', 'open', now() - (g % 40) * interval '1 day', now() - (g % 9000) * interval '1 minute', now()
      from generate_series(0, ? - 1) g
      cross join (select id from pipelines where tenant_id = ? limit 1) p
      cross join (select array_agg(id order by id) ids from accounts where tenant_id = ?) a
      cross join (select array_agg(id order by email) ids from users where tenant_id = ? and email like 'rep%') r`,
      [tenantId, size.reps, size.reps * size.oppsPerRep, tenantId, tenantId, tenantId],
    );
    log(`  opportunities done (${Math.round((Date.now() - t0) / 1000)} s); seeding engagements...`);
    await q(
      `create temporary table bench_opps on commit drop as select row_number() over (order by id) - 1 as n, id, account_id from opportunities where tenant_id = ?`,
      [tenantId],
    );
    await q(`create index on bench_opps (n)`);
    const total = Number((await q(`select count(*)::int as c from bench_opps`)).rows[0].c);
    const hot = (await q(`select id, account_id from bench_opps where n = 0`)).rows[0] as {
      id: string;
      account_id: string;
    };
    const chunk = 250_000;
    for (let start = 0; start < size.engagements - size.hotEngagements; start += chunk) {
      const end = Math.min(start + chunk, size.engagements - size.hotEngagements);
      await q(
        `insert into engagements (tenant_id, id, opportunity_id, account_id, actor_id, type, direction, subject, body_preview, occurred_at, channel, is_bot, meta)
        select ?, uuidv7(), o.id, o.account_id, (select id from users where tenant_id = ? limit 1), 'email_out', 'out', 'Subject ' || g, 'Preview',
          date_trunc('month', now()) - interval '11 months' + ((g::bigint * 104729) % (365 * 86400)) * interval '1 second', 'email', false, '{}'
        from generate_series(?, ? - 1) g join bench_opps o on o.n = 1 + g % (? - 1)`,
        [tenantId, tenantId, start, end, total],
      );
      log(`  engagements ${end.toLocaleString()} (${Math.round((Date.now() - t0) / 1000)} s)`);
    }
    await q(
      `insert into engagements (tenant_id, id, opportunity_id, account_id, actor_id, type, direction, subject, body_preview, occurred_at, channel, is_bot, meta)
      select ?, uuidv7(), ?, ?, (select id from users where tenant_id = ? limit 1), (array['email_in','email_out','call_out','meeting','note'])[1 + g % 5],
        null, 'Hot ' || g, 'Preview', date_trunc('month', now()) - interval '11 months' + (g * 15731 % (365 * 86400)) * interval '1 second', 'email', false, '{}'
      from generate_series(1, ?) g`,
      [tenantId, hot.id, hot.account_id, tenantId, size.hotEngagements],
    );
  });
  await owner.raw('analyze');
  log(`  seeded in ${Math.round((Date.now() - t0) / 1000)} s`);
  return describe(owner, tenantId, slug);
}

async function describe(owner: Knex, tenantId: string, slug: string): Promise<BenchData> {
  return withTenant(owner, { tenantId, userId: null, clientIds: null }, async (trx) => {
    await trx('tenants')
      .where({ id: tenantId })
      .update({ settings: JSON.stringify({ defaultCurrency: 'EUR' }) });
    const rep = await trx('users').where({ tenantId, email: 'rep1@bench.test' }).first('id', 'email');
    const hot = (
      await trx.raw(`select opportunity_id from engagements where tenant_id = ? and subject = 'Hot 1' limit 1`, [
        tenantId,
      ])
    ).rows[0];
    const pipeline = await trx('pipelines').where({ tenantId }).first('id');
    return {
      tenantId,
      slug,
      repEmail: rep.email,
      repId: rep.id,
      hotOpportunityId: hot.opportunity_id,
      pipelineId: pipeline.id,
    };
  });
}
