import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PivotalClient, type OperationId } from '@pivotal-pm/sdk';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { captureSql, type Captured } from '../capture';
import { seedFoundationMail } from '../mail/foundationMail';
import { benchConfig, startBenchServer } from '../server';
import { FOUNDATION_SIZES, seedBench } from '../seed';
import { measure, type Summary } from '../stats';

const small = process.env.BENCH_SIZE === 'small';
const size = { ...FOUNDATION_SIZES[small ? 'small' : 'full'], messages: small ? 100_000 : 1_000_000 };
const N = Number(process.env.BENCH_N ?? 400);
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);

/** The foundation suite: list, timeline, moveStage and forecast latency next to their raw SQL; sustained reads. */
export async function run(): Promise<void> {
  // The SQL capture runs an app in this process that counts against the same per-caller limit as the server.
  const { dataDir, config } = benchConfig({ RATE_LIMIT_PER_MINUTE: '10000000' });
  say(
    `Pivotal benchmark (${small ? 'small' : 'full'}: ${size.reps} reps x ${size.oppsPerRep} opportunities, ${size.engagements.toLocaleString()} engagements, ${size.messages.toLocaleString()} indexed messages)`,
  );
  const db = await bootDatabase(config, () => undefined);
  const data = await seedBench(db.ownerKnex, size, say);
  const mail = await seedFoundationMail(db.ownerKnex, data, size.messages, say);
  const services = await buildServices(config, db.appKnex);
  const token = (await mintDevToken({ knex: db.appKnex, services }, data.slug, data.repEmail, 3600)).token;
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310));
  const baseUrl = server.baseUrl;
  const client = new PivotalClient({ baseUrl, token, maxRetries: 0 });
  try {
    const mine = await client.opportunity.list({ ownerId: data.repId, status: 'open', limit: 200 });
    const ids = mine.data.map((o) => o.id);
    const stages = ['qualification', 'proposal', 'negotiation'];
    const ops: Partial<Record<OperationId, { input: (i: number) => unknown; budgetP95: number }>> = {
      'opportunity.list': { input: () => ({ ownerId: data.repId, status: 'open', limit: 50 }), budgetP95: 50 },
      'timeline.get': { input: () => ({ opportunityId: data.hotOpportunityId, limit: 50 }), budgetP95: 50 },
      'opportunity.moveStage': {
        input: (i) => ({ id: ids[i % ids.length]!, stage: stages[(i + 1) % 3]! }),
        budgetP95: 50,
      },
      'opportunity.forecast.get': { input: () => ({}), budgetP95: 250 },
      // The Outlook pane on an email from one of the seeded accounts' domains (2,000 accounts, their opportunities
      // and engagements): people, open opportunities with SLA, last touch, tasks, enrollments in one call. Four in
      // five Message-IDs are synced in rep 1's mailbox (half of those logged to a deal), among all indexed mail.
      'mailContext.get': {
        input: (i) => ({
          internetMessageId: `<bench-${i}@a${(i % 2000) + 1}.example>`,
          from: `buyer@a${(i % 2000) + 1}.example`,
          to: [`rep${i % 7}@agency.example`],
          cc: [`cfo@a${((i * 7) % 2000) + 1}.example`],
        }),
        budgetP95: 150,
      },
    };
    const results: Record<string, { api: Summary; raw: Summary; budgetP95: number; statements: number }> = {};
    // BENCH_OPS=a,b measures only those operations (and skips the sustained load).
    const only = (process.env.BENCH_OPS ?? '').split(',').filter(Boolean);
    for (const [op, spec] of Object.entries(ops).filter(([op]) => only.length === 0 || only.includes(op)) as [
      OperationId,
      { input: (i: number) => unknown; budgetP95: number },
    ][]) {
      const n = op === 'opportunity.forecast.get' ? Math.min(N, 60) : N;
      const api = await measure(n, 20, (i) => client.call(op, spec.input(i) as never));
      const captured = await captureSql(config, db.appUrl, db.ownerKnex, services, token, op, spec.input(n + 101));
      const raw = await replayRaw(db.appUrl, data.tenantId, captured, n);
      results[op] = { api, raw, budgetP95: spec.budgetP95, statements: captured.statements.length };
      say(
        `  ${op.padEnd(26)} API p50 ${api.p50} ms  p95 ${api.p95} ms (budget ${spec.budgetP95})  | raw SQL p50 ${raw.p50} ms  p95 ${raw.p95} ms  | API/raw p50 ${(api.p50 / raw.p50).toFixed(2)}x`,
      );
    }
    if (only.length > 0) {
      const file = join(root, 'bench', 'results', `foundation-${small ? 'small' : 'full'}-${only.join('+')}.json`);
      await mkdir(join(root, 'bench', 'results'), { recursive: true });
      await writeFile(
        file,
        `${JSON.stringify({ at: new Date().toISOString(), size, node: process.version, results }, null, 2)}\n`,
      );
      say(`  written ${file}`);
      return;
    }
    const body = JSON.stringify({ id: ids[0] });
    const cannon = await autocannon({
      url: `${baseUrl}/v1/opportunity.get`,
      method: 'POST',
      connections: 16,
      duration: Number(process.env.BENCH_SECONDS ?? 10),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const status = await readFile(`/proc/${server.process.pid}/status`, 'utf8');
    const peakMb = Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    say(
      `  opportunity.get sustained  ${Math.round(cannon.requests.average)} req/s (16 connections, p99 ${cannon.latency.p99} ms, ${cannon.non2xx} non-2xx)`,
    );
    say(`  API server peak RSS        ${peakMb} MB`);
    const out = {
      at: new Date().toISOString(),
      size,
      node: process.version,
      results,
      sustained: {
        operation: 'opportunity.get',
        requestsPerSecond: Math.round(cannon.requests.average),
        latencyP99: cannon.latency.p99,
        non2xx: cannon.non2xx,
      },
      serverPeakRssMb: peakMb,
      mailSeedSeconds: mail.seconds,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `foundation-${small ? 'small' : 'full'}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}

/** Replays the data statements an operation ran, on the same database as the app role (no HTTP, no auth). */
async function replayRaw(appUrl: string, tenantId: string, captured: Captured, n: number): Promise<Summary> {
  const c = new pg.Client({ connectionString: appUrl });
  await c.connect();
  try {
    await c.query(`select set_config('app.tenant_id', $1, false)`, [tenantId]);
    // Named (prepared) statements, as a well-behaved driver would use them.
    return await measure(n, 20, async () => {
      if (captured.writes) await c.query('begin');
      for (const [i, s] of captured.statements.entries())
        await c.query({ name: `raw_${i}_${s.sql.length}`, text: s.sql, values: s.bindings });
      if (captured.writes) await c.query('rollback');
    });
  } finally {
    await c.end();
  }
}
