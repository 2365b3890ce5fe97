import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { PivotalClient, type SequenceStep } from '@pivotal-pm/sdk';
import { loadConfig } from '#config';
import { uuidv7 } from '#db/ids';
import { createTenant } from '#db/seeds/tenants';
import { withTenant } from '#db/tenantTx';
import { sequenceSimulate as simulateHandler } from '#domains/sequences/handlers/sequence/simulate';
import { simulateSchedule } from '#domains/sequences/simulate';
import { SlotCalendar } from '#domains/sequences/simulateCalendar';
import { loadSimulation } from '#domains/sequences/simulateContext';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import type { OpContext } from '#http/types';
import { buildServices } from '#services';
import { startBenchServer } from '../server';
import { measure, type Summary } from '../stats';

const N = Number(process.env.BENCH_N ?? 20);
const CONTACTS = 1000;
const BUDGET_MS = 1000;
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);
/** Monday 29 March 2027, 07:00 in London: before business hours everywhere, the cohort starts together. */
const START = '2027-03-29T06:00:00.000Z';
const ZONES = ['Europe/London', 'America/New_York', 'Europe/Paris', 'Australia/Sydney'];

/** 8 steps: 4 emails (paced and capped), call and LinkedIn tasks, a wait, a task. */
const steps = (tpl: string): SequenceStep[] => [
  { type: 'email', mode: 'auto', templateId: tpl, wait: 'P1D' },
  { type: 'call', wait: 'P1D' },
  { type: 'email', mode: 'auto', templateId: tpl, wait: 'P2D' },
  { type: 'wait', duration: 'P1D' },
  { type: 'email', mode: 'auto', templateId: tpl, wait: 'P1D' },
  { type: 'linkedin', action: 'connect', wait: 'P1D' },
  { type: 'email', mode: 'auto', templateId: tpl, wait: 'P3D' },
  { type: 'task', taskType: 'call', dueIn: 'P1D' },
];

/**
 * The sequence-simulate suite: `sequence.simulate` of 1,000 contacts x 8 steps (4 zones, holidays, an out-of-office,
 * shared pacing and daily caps) through the API and in-process (the handler on a DB transaction, and the pure run).
 * Budget: under 1 s.
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
    `Sequence simulate benchmark (${CONTACTS} contacts x 8 steps, ${N} runs per case; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores)`,
  );
  const db = await bootDatabase(config, () => undefined);
  const seeded = await seed(db.ownerKnex);
  const services = await buildServices(config, db.appKnex);
  const token = (await mintDevToken({ knex: db.appKnex, services }, seeded.slug, seeded.adminEmail, 3600)).token;
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310));
  const client = new PivotalClient({ baseUrl: server.baseUrl, token, maxRetries: 0 });
  try {
    const results: Record<
      string,
      Summary & { budgetP95: number | null; cpuMsPerRun: number; serverCpuMsPerRun?: number }
    > = {};
    /** Measures `fn` and reports its latency and this process's CPU time per run (the API case: the client's share only). */
    const report = async (name: string, budget: number | null, fn: () => Promise<unknown>) => {
      const c0 = process.cpuUsage();
      const s = await measure(N, 3, fn);
      const cpu = process.cpuUsage(c0);
      const cpuMsPerRun = Math.round((cpu.user + cpu.system) / 1000 / (N + 3));
      results[name] = { ...s, budgetP95: budget, cpuMsPerRun };
      say(
        `  ${name.padEnd(52)} p50 ${s.p50} ms  p95 ${s.p95} ms  max ${s.max} ms  cpu ${cpuMsPerRun} ms/run${budget ? `  (budget ${budget})` : ''}`,
      );
    };
    const scope = { tenantId: seeded.tenantId, userId: seeded.adminId, clientIds: null };
    for (const [label, sequenceId] of Object.entries(seeded.sequences)) {
      const input = { sequenceId, contactIds: seeded.contactIds, startAt: START };
      let entries = 0;
      let last = '';
      const server0 = await serverCpuMs(server.process.pid);
      await report(`API, ${label}`, BUDGET_MS, async () => {
        const res = await client.sequence.simulate(input);
        entries = res.schedule.length;
        last = res.schedule.reduce((m, s) => (s.at > m ? s.at : m), '');
      });
      const serverCpu =
        server0 === null ? null : Math.round(((await serverCpuMs(server.process.pid))! - server0) / (N + 3));
      if (serverCpu !== null) results[`API, ${label}`]!.serverCpuMsPerRun = serverCpu;
      say(`    ${entries} entries; the last step runs ${last}; API process CPU ${serverCpu ?? '?'} ms/run`);
      const ctxOf = (trx: Knex.Transaction) =>
        ({
          trx,
          now: new Date(START),
          principal: {
            kind: 'user',
            tenantId: seeded.tenantId,
            userId: seeded.adminId,
            roles: ['admin'],
            clientIds: null,
            actor: `user:${seeded.adminId}`,
          },
        }) as unknown as OpContext;
      await report(`in-process handler (DB reads + run), ${label}`, BUDGET_MS, () =>
        withTenant(db.appKnex, scope, (trx) => simulateHandler(input, ctxOf(trx)), { readOnly: true }),
      );
      await report(`in-process load only (DB reads), ${label}`, null, () =>
        withTenant(db.appKnex, scope, (trx) => loadSimulation(input, ctxOf(trx)), { readOnly: true }),
      );
      const loaded = await withTenant(db.appKnex, scope, (trx) => loadSimulation(input, ctxOf(trx)), {
        readOnly: true,
      });
      await report(`in-process pure run, ${label}`, BUDGET_MS, async () =>
        simulateSchedule({ ...loaded.plan, calendar: new SlotCalendar() }),
      );
    }
    const out = {
      at: new Date().toISOString(),
      node: process.version,
      loadAverage: os.loadavg(),
      contacts: CONTACTS,
      steps: 8,
      start: START,
      cases: results,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', 'sequence-simulate.json');
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (null where there is none). */
async function serverCpuMs(pid: number | undefined): Promise<number | null> {
  if (!pid) return null;
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

type Seeded = {
  tenantId: string;
  slug: string;
  adminId: string;
  adminEmail: string;
  contactIds: string[];
  sequences: Record<string, string>;
};

/** One tenant: 1,000 contacts over 4 zones, a template, holidays, the owner's out-of-office, two sequences. Reused when present. */
async function seed(owner: Knex): Promise<Seeded> {
  const slug = 'bench-sequence-simulate';
  const adminEmail = 'admin@bench-simulate.test';
  const existing = (await owner('tenants').where({ slug }).first('id')) as { id: string } | undefined;
  const tenantId = existing?.id ?? (await createTenant(owner, { slug, name: 'Simulate bench', adminEmail })).id;
  return withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    const adminId = ((await trx('users').where({ tenantId, email: adminEmail }).first('id')) as { id: string }).id;
    if (!existing) {
      const accountId = uuidv7();
      await trx('accounts').insert({ tenantId, id: accountId, name: 'Bench account' });
      await trx.raw(
        `INSERT INTO contacts (tenant_id, id, account_id, first_name, last_name, email, time_zone)
        SELECT ?, uuidv7(), ?, 'Contact', g::text, 'contact' || g || '@bench-simulate.test', (?::text[])[1 + g % 4]
        FROM generate_series(1, ?) g`,
        [tenantId, accountId, ZONES, CONTACTS],
      );
      const tpl = uuidv7();
      await trx('templates').insert({ tenantId, id: tpl, name: 'bench', subject: 'Hello', body: '<p>Hi</p>' });
      await trx('tenantHolidays').insert([
        { tenantId, day: '2027-04-02', name: 'Good Friday' },
        { tenantId, day: '2027-04-05', name: 'Easter Monday' },
      ]);
      await trx('userOutOfOffice').insert({
        tenantId,
        id: uuidv7(),
        userId: adminId,
        startsAt: '2027-04-07T00:00:00Z',
        endsAt: '2027-04-08T00:00:00Z',
      });
      const window = {
        timezone: 'Europe/London',
        businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
        quietHours: [{ day: 3, start: '12:00', end: '13:00' }],
      };
      for (const [name, dailyCap] of [
        ['dailyCap 200', 200],
        ['dailyCap 10000', 10_000],
      ] as const) {
        const id = uuidv7();
        const def = {
          steps: JSON.stringify(steps(tpl)),
          sendWindow: JSON.stringify(window),
          cooldowns: JSON.stringify({ perContact: 'PT12H', perSequence: 'PT12H' }),
          guardrails: JSON.stringify({ unsubscribe: true, dailyCap, respectOptOut: true }),
        };
        await trx('sequences').insert({
          tenantId,
          id,
          name,
          goal: 'reply',
          audience: '{}',
          ownerId: adminId,
          stopRules: '{}',
          ...def,
        });
        await trx('sequenceVersions').insert({ tenantId, sequenceId: id, version: 1, ...def });
      }
    }
    const contactIds = ((await trx('contacts').where({ tenantId }).orderBy('id').select('id')) as { id: string }[]).map(
      (r) => r.id,
    );
    const sequences = Object.fromEntries(
      (
        (await trx('sequences').where({ tenantId }).orderBy('name').select('id', 'name')) as {
          id: string;
          name: string;
        }[]
      ).map((r) => [r.name, r.id]),
    );
    return { tenantId, slug, adminId, adminEmail, contactIds, sequences };
  });
}
