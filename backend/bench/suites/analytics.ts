import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PivotalClient } from '@pivotal-pm/sdk';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { recomputeTenant } from '#domains/scoring/jobs';
import { FOUNDATION_SIZES, seedBench } from '../seed';
import { benchConfig, startBenchServer } from '../server';
import { measure, type Summary } from '../stats';

const small = process.env.BENCH_SIZE === 'small';
const size = FOUNDATION_SIZES[small ? 'small' : 'full'];
const N = Number(process.env.BENCH_N ?? 200);
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);

/**
 * The analytics suite on the foundation data (250k opportunities, 2M engagements): pipeline, rep, engagement and
 * opportunity analytics, Next Best Action (one deal, and a rep's day), and the scoring worker's full recompute.
 */
export async function run(): Promise<void> {
  const { dataDir, config } = benchConfig();
  say(
    `Analytics benchmark (${small ? 'small' : 'full'}: ${size.reps} reps x ${size.oppsPerRep} opportunities, ${size.engagements.toLocaleString()} engagements)`,
  );
  const db = await bootDatabase(config, () => undefined);
  const data = await seedBench(db.ownerKnex, size, say);
  const services = await buildServices(config, db.appKnex);
  const mint = async (email: string) =>
    (await mintDevToken({ knex: db.appKnex, services }, data.slug, email, 3600)).token;
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310));
  const rep = new PivotalClient({ baseUrl: server.baseUrl, token: await mint(data.repEmail), maxRetries: 0 });
  const manager = new PivotalClient({
    baseUrl: server.baseUrl,
    token: await mint('manager@bench.test'),
    maxRetries: 0,
  });
  try {
    const today = new Date();
    const period = {
      from: new Date(today.getTime() - 89 * 86_400_000).toISOString().slice(0, 10),
      to: today.toISOString().slice(0, 10),
    };
    const mine = (await rep.opportunity.list({ ownerId: data.repId, status: 'open', limit: 200 })).data.map(
      (o) => o.id,
    );
    const cases: Record<string, { call: (i: number) => Promise<unknown>; budgetP95: number }> = {
      'pipeline.metrics.get (90 days, whole pipeline)': {
        call: () => manager.pipeline.metrics.get({ pipelineId: data.pipelineId }),
        budgetP95: 300,
      },
      'pipeline.metrics.get (one owner)': {
        call: () => manager.pipeline.metrics.get({ pipelineId: data.pipelineId, ownerId: data.repId }),
        budgetP95: 300,
      },
      'rep.performance.get (50 reps + team)': { call: () => manager.rep.performance.get({ period }), budgetP95: 300 },
      'rep.performance.get (the rep)': { call: () => rep.rep.performance.get({ period }), budgetP95: 300 },
      'engagement.metrics.get (90 days)': { call: () => manager.engagement.metrics.get({ period }), budgetP95: 300 },
      'opportunity.metrics.get': {
        call: (i) => rep.opportunity.metrics.get({ opportunityId: mine[i % mine.length]! }),
        budgetP95: 100,
      },
      'nextBestAction.get (one deal)': {
        call: (i) => rep.nextBestAction.get({ opportunityId: mine[i % mine.length]! }),
        budgetP95: 100,
      },
      "nextBestAction.get (the rep's day)": { call: () => rep.nextBestAction.get({}), budgetP95: 100 },
    };
    const results: Record<string, Summary & { budgetP95: number }> = {};
    for (const [name, spec] of Object.entries(cases)) {
      const s = await measure(name.includes('50 reps') || name.includes('90 days') ? Math.min(N, 60) : N, 5, spec.call);
      results[name] = { ...s, budgetP95: spec.budgetP95 };
      say(`  ${name.padEnd(48)} p50 ${s.p50} ms  p95 ${s.p95} ms  (budget ${spec.budgetP95})`);
    }
    // The scoring worker's full recompute (the nightly run) of every open opportunity of the tenant.
    const scoring: { run: string; scored: number; changed: number; seconds: number; perSecond: number }[] = [];
    for (const label of ['first (scores change)', 'again (steady: nothing changes)']) {
      const t0 = Date.now();
      const r = await recomputeTenant(db.ownerKnex, data.tenantId, new Date());
      const seconds = (Date.now() - t0) / 1000;
      const perSecond = Math.round(r.scored / seconds);
      scoring.push({ run: label, ...r, seconds, perSecond });
      say(
        `  scoring full recompute, ${label.padEnd(32)} ${r.scored.toLocaleString()} scored, ${r.changed.toLocaleString()} changed in ${seconds.toFixed(1)} s: ${perSecond.toLocaleString()}/s (budget 2,000/s)`,
      );
    }
    const out = { at: new Date().toISOString(), size, node: process.version, results, scoring };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `analytics-${small ? 'small' : 'full'}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}
