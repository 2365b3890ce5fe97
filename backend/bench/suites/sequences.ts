import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '#config';
import { uuidv7 } from '#db/ids';
import { createKnex } from '#db/knex';
import { createTenant } from '#db/seeds/tenants';
import { bootDatabase } from '#entrypoints/boot';
import type { SequenceMailer } from '#domains/sequences/ports';
import { runDueSteps } from '#domains/sequences/runner/run';
import { summarize } from '../stats';

const small = process.env.BENCH_SIZE === 'small';
const ENROLLMENTS = Number(process.env.BENCH_ENROLLMENTS ?? (small ? 10_000 : 100_000));
/** 25 enrollments per mailbox: under Exchange's 30 a minute, so pacing holds nothing back in this burst. */
const OWNERS = Math.ceil(ENROLLMENTS / 25);
const SEQUENCES = Math.ceil(ENROLLMENTS / 5_000);
const RUNNERS = Number(process.env.BENCH_RUNNERS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const BUDGET_STEPS_PER_S = 500;
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);

async function insertChunks(knex: Knex, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2_000) await knex(table).insert(rows.slice(i, i + 2_000));
}

/** One tenant with OWNERS reps (each a connected mailbox), SEQUENCES sequences (auto email, then wait) and ENROLLMENTS due at `due`. */
async function seed(knex: Knex, due: Date): Promise<{ tenantId: string }> {
  const tenant = await createTenant(knex, { slug: `bench-seq-${Date.now()}`, name: 'Sequence bench' });
  const tenantId = tenant.id;
  const users = Array.from({ length: OWNERS }, (_, i) => ({
    tenantId,
    id: uuidv7(),
    email: `rep${i}@seqbench.example`,
    displayName: `Rep ${i}`,
  }));
  await insertChunks(knex, 'users', users);
  await insertChunks(
    knex,
    'mailboxAccounts',
    users.map((u) => ({
      tenantId,
      id: uuidv7(),
      userId: u.id,
      provider: 'o365',
      status: 'connected',
      connectedAt: due,
    })),
  );
  const template = {
    tenantId,
    id: uuidv7(),
    name: 'tpl_bench',
    subject: 'Hello {{contact.firstName}}',
    body: '<p>Hi {{contact.firstName}}, a short note about Q1.</p>',
  };
  await knex('templates').insert(template);
  const definition = {
    steps: [
      { type: 'email', mode: 'auto', templateId: template.id },
      { type: 'wait', duration: 'P1D' },
      { type: 'stop' },
    ],
    sendWindow: { timezone: 'UTC', businessHours: [], quietHours: [] },
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
    guardrails: { unsubscribe: true, dailyCap: 10_000, respectOptOut: true },
    stopRules: { stageChanged: true, meetingBooked: true },
  };
  const json = Object.fromEntries(Object.entries(definition).map(([k, v]) => [k, JSON.stringify(v)]));
  const sequences = Array.from({ length: SEQUENCES }, (_, i) => ({
    tenantId,
    id: uuidv7(),
    name: `Bench ${i}`,
    status: 'active',
    ownerId: users[0]!.id,
    ...json,
  }));
  await knex('sequences').insert(sequences);
  await knex('sequenceVersions').insert(sequences.map((s) => ({ tenantId, sequenceId: s.id, version: 1, ...json })));
  const account = { tenantId, id: uuidv7(), name: 'Bench account' };
  await knex('accounts').insert(account);
  const contacts = Array.from({ length: ENROLLMENTS }, (_, i) => ({
    tenantId,
    id: uuidv7(),
    accountId: account.id,
    firstName: `C${i}`,
    email: `c${i}@buyer${i % 500}.example`,
  }));
  await insertChunks(knex, 'contacts', contacts);
  await insertChunks(
    knex,
    'sequenceEnrollments',
    contacts.map((c, i) => ({
      tenantId,
      id: uuidv7(),
      sequenceId: sequences[i % SEQUENCES]!.id,
      sequenceVersion: 1,
      contactId: c.id,
      status: 'active',
      currentStep: 0,
      nextRunAt: due,
      ownerId: users[i % OWNERS]!.id,
    })),
  );
  await knex.raw(
    'VACUUM ANALYZE sequence_enrollments, contacts, mailbox_accounts, sequence_sends, sequence_cap_counters',
  );
  return { tenantId };
}

/** The raw claim rate: RUNNERS loops claiming BATCH rows with FOR UPDATE SKIP LOCKED and marking them, nothing else. */
async function rawClaimRate(
  url: string,
  tenantId: string,
  due: Date,
): Promise<{ claimsPerS: number; seconds: number }> {
  const knexes = Array.from({ length: RUNNERS }, () => createKnex(url, { pool: { min: 0, max: 1 } }));
  const later = new Date(due.getTime() + 86_400_000);
  const t0 = performance.now();
  let claimed = 0;
  await Promise.all(
    knexes.map(async (knex) => {
      for (;;) {
        const n = await knex.transaction(async (trx) => {
          await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [tenantId]);
          const { rows } = (await trx.raw(
            `SELECT id FROM sequence_enrollments WHERE tenant_id = ? AND status = 'active' AND next_run_at <= ? ORDER BY next_run_at LIMIT ? FOR UPDATE SKIP LOCKED`,
            [tenantId, due, BATCH],
          )) as { rows: { id: string }[] };
          if (rows.length > 0)
            await trx.raw(
              `UPDATE sequence_enrollments SET next_run_at = ? WHERE tenant_id = ? AND id = ANY(?::uuid[])`,
              [later, tenantId, rows.map((r) => r.id)],
            );
          return rows.length;
        });
        if (n === 0) return;
        claimed += n;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(knexes.map((k) => k.destroy()));
  return { claimsPerS: Math.round(claimed / seconds), seconds: Math.round(seconds * 10) / 10 };
}

/** The sequences suite: 100,000 enrollments due at once, run by the Sequence Runner on a null transport. */
export async function run(): Promise<void> {
  // A fresh cluster each run unless BENCH_DATA_DIR names one (the suite seeds its own tenant either way).
  const temp = process.env.BENCH_DATA_DIR ? null : join(root, '.data-bench-sequences');
  if (temp) await rm(temp, { recursive: true, force: true });
  const dataDir = process.env.BENCH_DATA_DIR ?? temp!;
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '47330',
    LOG_LEVEL: 'warn',
  });
  say(
    `Sequence Runner benchmark: ${ENROLLMENTS.toLocaleString()} enrollments due at once, ${OWNERS} mailboxes, ${SEQUENCES} sequences, ${RUNNERS} runners x batches of ${BATCH}`,
  );
  const db = await bootDatabase(config, () => undefined);
  try {
    const due = new Date();
    const seeded = performance.now();
    const { tenantId } = await seed(db.ownerKnex, due);
    say(`  seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const raw = await rawClaimRate(db.ownerUrl, tenantId, due);
    say(`  raw SKIP LOCKED claim rate: ${raw.claimsPerS.toLocaleString()} claims/s (${raw.seconds} s for all)`);
    // The burst: every enrollment due at the instant the runners start.
    await db.ownerKnex('sequenceEnrollments').where({ tenantId }).update({ nextRunAt: due });
    await db.ownerKnex.raw('VACUUM ANALYZE sequence_enrollments');
    const burst = new Date();
    await db.ownerKnex('sequenceEnrollments').where({ tenantId }).update({ nextRunAt: burst });

    let sent = 0;
    const mailer: SequenceMailer = {
      send: async () => {
        sent += 1;
      },
    }; // the null transport
    const knexes = Array.from({ length: RUNNERS }, () => createKnex(db.ownerUrl, { pool: { min: 0, max: 1 } }));
    const lags: number[] = [];
    let executed = 0;
    const t0 = performance.now();
    const started = burst.getTime();
    await Promise.all(
      knexes.map(async (knex) => {
        for (;;) {
          const report = await runDueSteps(knex, {
            mailer,
            webhooks: { call: async () => undefined },
            publicUrl: 'https://pivotal.example',
            limit: BATCH,
            tenantIds: [tenantId],
            now: () => new Date(Math.max(Date.now(), started)),
          });
          const committed = Date.now();
          // Lag of the burst's own steps (those due at the shared instant), not of the follow-up steps they queue.
          for (const d of report.due) if (d <= burst.getTime()) lags.push(committed - d);
          executed += report.executed;
          if (report.claimed === 0) return;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(knexes.map((k) => k.destroy()));
    const stepsPerS = Math.round(executed / seconds);
    const lag = summarize(lags);
    const counts = (await db.ownerKnex('sequenceSends').where({ tenantId }).count('* as n')) as { n: string }[];
    const emailsPerS = Math.round(sent / seconds);
    say(
      `  runner: ${executed.toLocaleString()} steps (${sent.toLocaleString()} emails, ${counts[0]!.n} send rows; then each one's wait step) in ${seconds.toFixed(1)} s = ${stepsPerS.toLocaleString()} steps/s, ${emailsPerS.toLocaleString()} email steps/s (budget >= ${BUDGET_STEPS_PER_S} steps/s)`,
    );
    say(
      `  due-to-executed: p50 ${(lag.p50 / 1000).toFixed(1)} s, p95 ${(lag.p95 / 1000).toFixed(1)} s, max ${(lag.max / 1000).toFixed(1)} s (all ${ENROLLMENTS.toLocaleString()} due at the same instant)`,
    );
    say(`  runner / raw claim: ${((stepsPerS / raw.claimsPerS) * 100).toFixed(1)} %`);
    const out = {
      at: new Date().toISOString(),
      node: process.version,
      enrollments: ENROLLMENTS,
      mailboxes: OWNERS,
      sequences: SEQUENCES,
      runners: RUNNERS,
      batch: BATCH,
      rawClaimsPerS: raw.claimsPerS,
      stepsPerS,
      emailsPerS,
      executed,
      sent,
      seconds: Math.round(seconds * 10) / 10,
      dueToExecutedMs: lag,
      budgetStepsPerS: BUDGET_STEPS_PER_S,
      withinBudget: stepsPerS >= BUDGET_STEPS_PER_S,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `sequences-${small ? 'small' : 'full'}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await db.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}
