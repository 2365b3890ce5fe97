import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { PivotalClient } from '@pivotal-pm/sdk';
import { loadConfig } from '#config';
import { createTenant } from '#db/seeds/tenants';
import { withTenant } from '#db/tenantTx';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { startBenchServer } from '../server';
import { measure, summarize } from '../stats';

const LEADS = Number(process.env.BENCH_LEADS ?? 20_000);
const COHORT = Number(process.env.BENCH_COHORT ?? 10_000);
const REPS = 10;
const CREATES = Number(process.env.BENCH_PROMOTION_N ?? 7);
const N = Number(process.env.BENCH_N ?? 200);
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

type CadenceBench = { tenantId: string; slug: string; pipelineId: string; cohort: string[]; repId: string };

/**
 * The cadences suite: `promotion.create` over a 10,000-lead cohort through the API (snap on: each lead is judged,
 * matching ones snapshotted and locked), each create reverted by `promotion.delete` (untimed) so every run starts
 * from the same leads; then `lead.due.list` p95 for one rep.
 */
export async function run(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR ?? join(root, '.data-bench');
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '54330',
    LOG_LEVEL: 'warn',
  });
  say(
    `Cadences benchmark: ${LEADS.toLocaleString()} leads over ${REPS} reps, promotion cohort ${COHORT.toLocaleString()}; load average ${load()}`,
  );
  const db = await bootDatabase(config, () => undefined);
  const data = await seedLeads(db.ownerKnex);
  const services = await buildServices(config, db.appKnex);
  const manager = (await mintDevToken({ knex: db.appKnex, services }, data.slug, 'manager@cadences.bench', 3600)).token;
  const rep = (await mintDevToken({ knex: db.appKnex, services }, data.slug, 'rep1@cadences.bench', 3600)).token;
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310));
  const client = new PivotalClient({ baseUrl: server.baseUrl, token: manager, maxRetries: 0 });
  const repClient = new PivotalClient({ baseUrl: server.baseUrl, token: rep, maxRetries: 0 });
  try {
    // A run that stopped half-way left promotions (and locked leads): revert them first.
    for (const p of (await client.promotion.list({ limit: 100 })).data) await client.promotion.delete({ id: p.id });
    const day = 86_400_000;
    const input = (i: number) => ({
      pipelineId: data.pipelineId,
      name: `Bench promotion ${i}`,
      endDate: new Date(Date.now() + 30 * day).toISOString(),
      snap: true,
      snapWindowDays: 2,
      touchpoints: [3, 8, 14].map((d, k) => ({
        name: `Touch ${k + 1}`,
        channel: 'email' as const,
        scheduledAt: new Date(Date.now() + d * day).toISOString(),
      })),
      leadIds: data.cohort,
    });
    const samples: number[] = [];
    let snapped = 0;
    const loadBefore = load();
    for (let i = 0; i < CREATES + 1; i++) {
      const t0 = performance.now();
      const promotion = await client.promotion.create(input(i));
      const ms = performance.now() - t0;
      if (promotion.cohort.leadIds.length !== COHORT)
        throw new Error(`promotion cohort has ${promotion.cohort.leadIds.length} leads`);
      snapped = promotion.snappedLeadIds.length;
      // The first create warms the server (code paths, plans); it is not counted.
      if (i > 0) samples.push(ms);
      await client.promotion.delete({ id: promotion.id });
    }
    const create = summarize(samples);
    say(
      `  promotion.create (${COHORT.toLocaleString()} leads, ${snapped.toLocaleString()} snapped)  p50 ${create.p50} ms  p95 ${create.p95} ms  max ${create.max} ms (budget < 2,000) over ${create.n} runs; load ${loadBefore} -> ${load()}`,
    );
    const due = await measure(N, 20, async () => (await repClient.lead.due.list({ limit: 50 })).data);
    const dueCount = (await repClient.lead.due.list({ limit: 200 })).data.length;
    say(
      `  lead.due.list (rep, 50)     p50 ${due.p50} ms  p95 ${due.p95} ms  p99 ${due.p99} ms (${dueCount}${dueCount === 200 ? '+' : ''} due leads of ${Math.round(LEADS / REPS).toLocaleString()})`,
    );
    const out = {
      at: new Date().toISOString(),
      node: process.version,
      loadAverage: loadBefore,
      size: { leads: LEADS, reps: REPS, cohort: COHORT },
      promotionCreate: { ...create, snapped, budgetMs: 2000 },
      leadDueList: due,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `cadences-${COHORT}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}

/** Seeds (or reuses) the tenant: a manager, reps, a pipeline on the default cadence, and open leads due over 40 days. */
async function seedLeads(owner: Knex): Promise<CadenceBench> {
  const slug = `bench-cadences-${LEADS}`;
  let tenantId = ((await owner('tenants').where({ slug }).first('id')) as { id: string } | undefined)?.id;
  if (!tenantId) {
    const t0 = Date.now();
    tenantId = (await createTenant(owner, { slug, name: 'Cadences Benchmark Agency' })).id;
    await withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
      const q = (sql: string, b: unknown[]) => trx.raw(sql, b as Knex.RawBinding[]);
      await q(
        `insert into users (tenant_id, id, email, display_name, entra_object_id, active, time_zone)
        select ?, x.id, x.email, x.email, x.id, true, 'UTC'
        from (select uuidv7() id, 'manager@cadences.bench' email union all select uuidv7(), 'rep' || g || '@cadences.bench' from generate_series(1, ?) g) x`,
        [tenantId, REPS],
      );
      await q(
        `insert into role_assignments (tenant_id, id, user_id, role)
        select tenant_id, uuidv7(), id, case when email like 'manager%' then 'salesManager' else 'salesRep' end from users where tenant_id = ?`,
        [tenantId],
      );
      await q(
        `insert into pipelines (tenant_id, id, name, owner_id, default_currency, stage_order)
        select ?, uuidv7(), 'Lead pipeline', id, 'EUR', array['qualification','proposal','negotiation','closedWon','closedLost']
        from users where tenant_id = ? and email like 'manager%'`,
        [tenantId, tenantId],
      );
      // Stages touch1..touch5 of the default cadence; next actions from 10 days ago to 30 days ahead at 09:00 UTC.
      await q(
        `insert into leads (tenant_id, id, pipeline_id, owner_id, name, stage_key, stage_status, state, next_action_at, last_action_at, last_action_source)
        select ?, uuidv7(), p.id, r.ids[1 + g % ?], 'Lead ' || g, 'touch' || (1 + g % 5), 'pending', 'open',
          date_trunc('day', now()) + interval '9 hours' + ((g * 7919) % 40 - 10) * interval '1 day',
          now() - interval '1 day', 'create'
        from generate_series(0, ? - 1) g
        cross join (select id from pipelines where tenant_id = ? limit 1) p
        cross join (select array_agg(id order by email) ids from users where tenant_id = ? and email like 'rep%') r`,
        [tenantId, REPS, LEADS, tenantId, tenantId],
      );
    });
    await owner.raw('analyze leads');
    say(`  seeded ${LEADS.toLocaleString()} leads in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    const pipelineId = ((await trx('pipelines').where({ tenantId }).first('id')) as { id: string }).id;
    const cohort = (await trx('leads')
      .where({ tenantId, pipelineId })
      .orderBy('id')
      .limit(COHORT)
      .pluck('id')) as string[];
    const repId = ((await trx('users').where({ tenantId, email: 'rep1@cadences.bench' }).first('id')) as { id: string })
      .id;
    return { tenantId: tenantId!, slug, pipelineId, cohort, repId };
  });
}
