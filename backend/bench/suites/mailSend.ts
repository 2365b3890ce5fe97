import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import pino from 'pino';
import { loadConfig } from '#config';
import { uuidv7 } from '#db/ids';
import { createTenant } from '#db/seeds/tenants';
import { withTenant } from '#db/tenantTx';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { createGraphMailAdapter, emulatorMailboxAccess } from '#integrations/graph/adapter/index';
import { startGraphEmulator } from '#integrations/graph/emulator/index';
import { buildServices } from '#services';
import { startWorkers } from '#workers/index';
import { startBenchServer } from '../server';
import { summarize, type Summary } from '../stats';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 50);
const PER_SENDER = Number(process.env.BENCH_N ?? 20);
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);

/**
 * The mail-send suite: `mail.message.send` acknowledgement latency with 50 concurrent senders (each its own rep
 * and mailbox) through the HTTP API of a separate all-in-one process, while this process runs the send_mail
 * workers against the Graph emulator; then the time from acknowledgement to delivery in the recipient's
 * emulated inbox. Ports: BENCH_PG_PORT (47201), BENCH_PORT (47202); data under BENCH_DATA_DIR.
 */
export async function run(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR ?? join(root, '.data-bench-mail-send');
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '47201',
    LOG_LEVEL: 'warn',
  });
  say(`Mail send benchmark: ${SENDERS} concurrent senders x ${PER_SENDER} messages, workers draining meanwhile`);
  const db = await bootDatabase(config, () => undefined);
  const slug = `bench-send-${Date.now().toString(36)}`;
  const tenant = await createTenant(db.ownerKnex, { slug, name: 'Mail send bench' });
  const reps: { id: string; email: string; mailboxId: string }[] = [];
  await withTenant(
    db.ownerKnex,
    { tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' },
    async (trx) => {
      for (let r = 0; r < SENDERS; r++) {
        const id = uuidv7();
        const email = `rep${r}@${slug}.test`;
        const mailboxId = uuidv7();
        await trx('users').insert({
          tenantId: tenant.id,
          id,
          email,
          displayName: `Rep ${r}`,
          entraObjectId: id,
          active: true,
          timeZone: 'UTC',
        });
        await trx('roleAssignments').insert({ tenantId: tenant.id, id: uuidv7(), userId: id, role: 'salesRep' });
        await trx('mailboxAccounts').insert({
          tenantId: tenant.id,
          id: mailboxId,
          userId: id,
          address: email,
          status: 'connected',
          connectedAt: new Date(),
          meta: JSON.stringify({ address: email }),
        });
        reps.push({ id, email, mailboxId });
      }
    },
  );
  const emulator = await startGraphEmulator();
  setDefaultCACertificates([...getCACertificates('default'), emulator.caPem]);
  for (const rep of reps) emulator.control.seedMailbox({ address: rep.email, messages: 0 });
  const recipients = Array.from({ length: 10 }, (_, i) => `buyer${i}@customer.example`);
  for (const address of recipients) emulator.control.seedMailbox({ address, messages: 0 });
  setMailRuntime({
    adapter: createGraphMailAdapter({ baseUrl: emulator.url, access: emulatorMailboxAccess(emulator) }),
    notificationBaseUrl: null,
  });
  const services = await buildServices(config, db.appKnex);
  const tokens = await Promise.all(
    reps.map(async (rep) => (await mintDevToken({ knex: db.appKnex, services }, slug, rep.email, 3600)).token),
  );
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 47202));
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  try {
    const send = async (sender: number, i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${server.baseUrl}/v1/mail.message.send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[sender]}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          to: [recipients[(sender + i + recipients.length) % recipients.length]],
          subject: `Bench ${sender}/${i} for {{sender.name}}`,
          body: { contentType: 'html', content: `<p>Hello {{contact.firstName|there}}, message ${i}.</p>` },
        }),
      });
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`send answered ${res.status}: ${await res.text()}`);
      return { ms, id: ((await res.json()) as { data: { scheduledSendId: string } }).data.scheduledSendId };
    };
    // Warm-up: one send per sender, not measured (JIT, pools, data keys).
    await Promise.all(reps.map((_, s) => send(s, -1)));
    const round = async (offset: number) => {
      const samples: number[] = [];
      const started = performance.now();
      await Promise.all(
        reps.map(async (_, s) => {
          for (let i = 0; i < PER_SENDER; i++) samples.push((await send(s, offset + i)).ms);
        }),
      );
      return {
        ack: summarize(samples),
        perSecond: Math.round(samples.length / ((performance.now() - started) / 1000)),
      };
    };
    // 1. The API alone (the outbox fills; no worker runs yet).
    const alone = await round(0);
    say(
      `  ack (API alone)          p50 ${alone.ack.p50} ms  p95 ${alone.ack.p95} ms  p99 ${alone.ack.p99} ms  max ${alone.ack.max} ms (budget p95 200 ms; spec 500 ms); ${alone.perSecond} sends/s`,
    );
    // 2. The same while the send_mail workers drain the outbox through the Graph emulator on the same machine.
    const workersFrom = new Date();
    workers = await startWorkers(
      db.ownerUrl,
      pino({ level: 'warn' }),
      Number(process.env.BENCH_WORKER_CONCURRENCY ?? 4),
    );
    const busy = await round(PER_SENDER);
    say(
      `  ack (workers draining)   p50 ${busy.ack.p50} ms  p95 ${busy.ack.p95} ms  p99 ${busy.ack.p99} ms  max ${busy.ack.max} ms; ${busy.perSecond} sends/s`,
    );
    const ack = alone.ack;
    const ids = { length: 2 * SENDERS * PER_SENDER };
    // Delivery: wait for the workers to drain, then read enqueue -> sent from the outbox rows.
    const total = ids.length + reps.length;
    const deadline = Date.now() + 10 * 60_000;
    let rows: { createdAt: Date; sentAt: Date | null; status: string }[] = [];
    while (Date.now() < deadline) {
      rows = (await withTenant(
        db.ownerKnex,
        { tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' },
        (trx) => trx('mailOutbox').where({ tenantId: tenant.id }).select('createdAt', 'sentAt', 'status'),
      )) as typeof rows;
      if (rows.filter((r) => r.status === 'sent' || r.status === 'failed').length >= total) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const sent = rows.filter((r) => r.status === 'sent' && r.sentAt);
    // Enqueue -> sent for the messages sent while the workers ran (the first round waited for them on purpose).
    const delivered = summarize(
      sent.filter((r) => r.createdAt >= workersFrom).map((r) => r.sentAt!.getTime() - r.createdAt.getTime()),
    );
    const lastSent = Math.max(...sent.map((r) => r.sentAt!.getTime()));
    const firstCreated = Math.min(...rows.map((r) => r.createdAt.getTime()));
    const drain = (lastSent - firstCreated) / 1000;
    const inboxes = recipients.reduce((n, a) => n + emulator.control.messages(a, 'inbox').length, 0);
    say(
      `  delivered p50 ${delivered.p50} ms  p95 ${delivered.p95} ms  p99 ${delivered.p99} ms  max ${delivered.max} ms (enqueue -> sent in Graph, second round; worker concurrency ${process.env.BENCH_WORKER_CONCURRENCY ?? 4})`,
    );
    say(
      `  ${sent.length}/${total} sent, ${rows.filter((r) => r.status === 'failed').length} failed, ${inboxes} copies in the recipients' inboxes (duplicates: ${inboxes - sent.length}); ${Math.round(sent.length / drain)} messages/s through the worker`,
    );
    // 3. One message at a time on an idle outbox: request -> delivered in the recipient's emulated inbox.
    const single: number[] = [];
    const scope = { tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const };
    for (let i = 0; i < Number(process.env.BENCH_SINGLE ?? 30); i++) {
      const t0 = performance.now();
      const { id } = await send(i % SENDERS, 10_000 + i);
      for (;;) {
        const row = (await withTenant(db.ownerKnex, scope, (trx) =>
          trx('mailOutbox').where({ tenantId: tenant.id, id }).first('status'),
        )) as { status: string };
        if (row.status === 'sent' || row.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      single.push(performance.now() - t0);
    }
    const idle = summarize(single);
    say(
      `  delivered, idle outbox   p50 ${idle.p50} ms  p95 ${idle.p95} ms  max ${idle.max} ms (request -> sent and in the recipient's inbox, one at a time)`,
    );
    const out: Record<string, unknown> = {
      at: new Date().toISOString(),
      node: process.version,
      loadAverage: loadavg(),
      cpus: cpus().length,
      senders: SENDERS,
      perSender: PER_SENDER,
      ack: { ...ack, budgetP95: 200 } satisfies Summary & { budgetP95: number },
      ackWhileDraining: busy.ack,
      deliveredIdle: idle,
      sendsPerSecond: { alone: alone.perSecond, draining: busy.perSecond },
      delivered,
      sent: sent.length,
      total,
      inboxCopies: inboxes,
      drainSeconds: drain,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', 'mail-send.json');
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await workers?.stop();
    await workers?.pool.end();
    setMailRuntime(null);
    await emulator.close();
    await db.close();
  }
}
