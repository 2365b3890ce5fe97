import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { bootDatabase } from '#entrypoints/boot';
import { buildServices } from '#services';
import { systemScope, withTenant } from '#db/tenantTx';
import { deliverDue } from '#domains/bot/delivery';
import { enqueueNotifications } from '#domains/bot/outbox';
import { createBotRuntime } from '#domains/bot/runtime';
import { evaluateTenant, sweepSla } from '#domains/sla/jobs';
import { FOUNDATION_SIZES, seedBench } from '../seed';
import { benchConfig, startBenchServer } from '../server';

const small = process.env.BENCH_SIZE === 'small';
const size = FOUNDATION_SIZES[small ? 'small' : 'full'];
const CARD_USERS = Number(process.env.BENCH_CARD_USERS ?? (small ? 100 : 1_000));
const CARDS_PER_USER = 10;
const SENDS_PER_SECOND = 50;
const EMULATOR_PORT = Number(process.env.BENCH_BOT_EMULATOR_PORT ?? 3981);
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);
const seconds = (t0: number) => Math.round((Date.now() - t0) / 10) / 100;

/** Users of the bench tenant who get cards (made once), linked to Entra like the demo's. */
async function cardUsers(owner: Knex, tenantId: string): Promise<{ id: string; name: string }[]> {
  return withTenant(owner, systemScope(tenantId), async (trx) => {
    await trx.raw(
      `INSERT INTO users (tenant_id, id, email, display_name, entra_object_id, active, time_zone)
       SELECT :t, x.id, 'botuser' || x.g || '@bench.test', 'Bot user ' || x.g, x.id, true, 'UTC'
         FROM (SELECT uuidv7() AS id, g FROM generate_series(1, :n) g) x
       ON CONFLICT (tenant_id, email) DO NOTHING`,
      { t: tenantId, n: CARD_USERS },
    );
    await trx.raw(
      `INSERT INTO role_assignments (tenant_id, id, user_id, role)
       SELECT u.tenant_id, uuidv7(), u.id, 'salesRep' FROM users u
        WHERE u.tenant_id = :t AND u.email LIKE 'botuser%' AND NOT EXISTS (
          SELECT 1 FROM role_assignments r WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id)`,
      { t: tenantId },
    );
    await trx('tenants').where({ id: tenantId }).whereNull('entraTenantId').update({ entraTenantId: tenantId });
    return (await trx('users')
      .where({ tenantId })
      .whereLike('email', 'botuser%')
      .orderBy('email')
      .limit(CARD_USERS)
      .select('id', 'displayName as name')) as { id: string; name: string }[];
  });
}

/**
 * The SLA engine and the bot on the foundation data (250k open opportunities): a full sweep (every clock, every
 * breach opened with its task, event and card), the time from one change to its effect in steady state, and 10,000
 * reminder cards delivered through the Bot Connector emulator at the documented rate, each once.
 */
export async function run(): Promise<void> {
  const { dataDir, config } = benchConfig();
  say(`SLA and bot benchmark (${small ? 'small' : 'full'}: ${size.reps} reps x ${size.oppsPerRep} opportunities)`);
  const db = await bootDatabase(config, () => undefined);
  const data = await seedBench(db.ownerKnex, size, say);
  const owner = db.ownerKnex;
  const tenantId = data.tenantId;
  // Start from no SLA state: the bench measures what the engine does from scratch.
  await withTenant(owner, systemScope(tenantId), async (trx) => {
    await trx('botNotifications').where({ tenantId }).delete();
    await trx('slaBreaches').where({ tenantId }).delete();
    await trx('tasks').where({ tenantId, origin: 'sla' }).delete();
    await trx('slaClocks').where({ tenantId }).delete();
    await trx('pipelines')
      .where({ id: data.pipelineId })
      .update({ slaPolicy: JSON.stringify({ defaultMaxIdleHours: 720, escalateAfterHours: 24 }) });
  });
  const now = new Date();
  const open = Number((await owner('opportunities').where({ tenantId, status: 'open' }).count('* as n'))[0]!.n);

  let t0 = Date.now();
  const first = await sweepSla(owner, now);
  const sweepFirst = seconds(t0);
  say(
    `  full sweep, first: ${first.recomputed.toLocaleString()} clocks, ${first.opened.toLocaleString()} breaches opened (task, event, card each) in ${sweepFirst} s (budget 10 s)`,
  );
  t0 = Date.now();
  const again = await sweepSla(owner, now);
  const sweepAgain = seconds(t0);
  say(
    `  full sweep, nightly (nothing new): ${again.recomputed.toLocaleString()} clocks in ${sweepAgain} s (budget 10 s)`,
  );

  // Steady state: one change, then the evaluation the change's NOTIFY wakes; timed from the change's commit.
  const steady: { change: string; ms: number; effect: string }[] = [];
  const breached = (await owner('slaBreaches')
    .where({ tenantId })
    .whereNull('clearedAt')
    .first('opportunityId', 'id'))!;
  const accountId = (await owner('opportunities').where({ id: breached.opportunityId }).first('accountId'))!.accountId;
  t0 = Date.now();
  await withTenant(owner, systemScope(tenantId), (trx) =>
    trx('engagements').insert({
      tenantId,
      id: crypto.randomUUID(),
      occurredAt: new Date(),
      opportunityId: breached.opportunityId,
      accountId,
      type: 'call_out',
      channel: 'phone',
    }),
  );
  const touched = await evaluateTenant(owner, tenantId, new Date());
  steady.push({
    change: 'a call logged on a breached deal',
    ms: Date.now() - t0,
    effect: `${touched.cleared} breach cleared`,
  });
  // The next limit to fall due: the evaluation run at that moment (the job scheduled for it) opens its breach.
  const next = (await owner('slaClocks').where({ tenantId }).where('dueAt', '>', now).orderBy('dueAt').first('dueAt'))!;
  t0 = Date.now();
  const due = await evaluateTenant(owner, tenantId, next.dueAt as Date);
  steady.push({ change: 'the next limit falling due', ms: Date.now() - t0, effect: `${due.opened} breach opened` });
  for (const s of steady) say(`  steady state: ${s.change.padEnd(34)} ${s.ms} ms to ${s.effect} (budget 1,000 ms)`);

  // 10,000 reminder cards through the emulator that the API process runs (it installs the bot for the users).
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310), {
    BOT_EMULATOR_PORT: String(EMULATOR_PORT),
  });
  const emulator = `http://127.0.0.1:${EMULATOR_PORT}`;
  try {
    const users = await cardUsers(owner, tenantId);
    t0 = Date.now();
    for (const u of users) {
      const res = await fetch(`${emulator}/_emulator/install`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ aadObjectId: u.id, name: u.name, tenantId }),
      });
      if (!res.ok) throw new Error(`install answered ${res.status}`);
    }
    say(`  installed the bot for ${users.length.toLocaleString()} users in ${seconds(t0)} s`);
    const breaches = (await owner('slaBreaches')
      .where({ tenantId })
      .whereNull('clearedAt')
      .limit(CARDS_PER_USER)
      .pluck('id')) as string[];
    const before = ((await (await fetch(`${emulator}/_emulator/activities`)).json()) as unknown[]).length;
    const run = Date.now().toString(36);
    await withTenant(owner, systemScope(tenantId), (trx) =>
      enqueueNotifications(
        trx,
        tenantId,
        users.flatMap((u) =>
          breaches.map((b, i) => ({
            userId: u.id,
            reasonKey: `bench:${run}:${i}`,
            kind: 'sla_reminder' as const,
            payload: { breachId: b },
            notBefore: new Date(),
          })),
        ),
        new Date(),
      ),
    );
    const services = await buildServices(config, db.appKnex);
    const runtime = createBotRuntime({
      config: { ...config.bot, sendsPerSecond: SENDS_PER_SECOND },
      knex: db.appKnex,
      embedKey: services.keys.embed,
      apiUrl: server.baseUrl,
      appBaseUrl: server.baseUrl,
      openIdMetadataUrl: `${emulator}/v1/.well-known/openidconfiguration`,
      tokenUrl: `${emulator}/botframework.com/oauth2/v2.0/token`,
      trustedOrigins: [emulator],
    });
    t0 = Date.now();
    const report = await deliverDue(owner, runtime);
    const deliverSeconds = seconds(t0);
    const after = ((await (await fetch(`${emulator}/_emulator/activities`)).json()) as unknown[]).length;
    const stats = (await (await fetch(`${emulator}/_emulator/stats`)).json()) as Record<string, unknown>;
    // Every row the run sent (the bench's and any other due card of the tenant) against what the emulator recorded.
    const sentRows = Number(
      (
        await owner('botNotifications')
          .where({ tenantId, status: 'sent' })
          .where('sentAt', '>=', new Date(t0))
          .count('* as n')
      )[0]!.n,
    );
    const cards = {
      queued: users.length * breaches.length,
      sent: report.sent,
      sentRows,
      recordedByEmulator: after - before,
      failed: report.failed,
      skipped: report.skipped,
      seconds: deliverSeconds,
      perSecond: Math.round(report.sent / deliverSeconds),
      documentedRate: SENDS_PER_SECOND,
      emulator: stats,
    };
    say(
      `  cards: ${cards.sent.toLocaleString()} sent, ${cards.recordedByEmulator.toLocaleString()} recorded by the emulator (duplicates: ${cards.recordedByEmulator - cards.sentRows}), in ${deliverSeconds} s = ${cards.perSecond}/s (documented rate ${SENDS_PER_SECOND}/s); emulator ${JSON.stringify(stats)}`,
    );
    const out = {
      at: new Date().toISOString(),
      size,
      openOpportunities: open,
      sweep: { first: { ...first, seconds: sweepFirst }, nightly: { ...again, seconds: sweepAgain } },
      steady,
      cards,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `sla-${small ? 'small' : 'full'}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}
