import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import pLimit from 'p-limit';
import { loadConfig } from '#config';
import { createKnex } from '#db/knex';
import { createReplyDetector } from '#domains/mail/replies/detector';
import type { SyncDeps } from '#domains/mail/sync/engine';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { bootDatabase } from '#entrypoints/boot';
import { createGraphMailAdapter, emulatorMailboxAccess } from '#integrations/graph/adapter/index';
import { callEmulator } from '#integrations/graph/emulator/testClient';
import { type BenchMailbox, rawCopyRate, setupSyncTenant, startEmulatorChild, timedAdapter } from '../mail/syncSetup';
import { summarize } from '../stats';

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? (process.env.BENCH_SIZE === 'small' ? 100_000 : 1_000_000));
const MAILBOXES = Number(process.env.BENCH_MAIL_MAILBOXES ?? 10);
/** Mailboxes synced at once (the worker's graphile concurrency; each mailbox is its own job queue). */
const CONCURRENCY = Number(process.env.BENCH_MAIL_CONCURRENCY ?? 4);
/** Page size asked of Graph; unset = the sync engine's default, as the worker runs it. */
const PAGE_SIZE = process.env.BENCH_MAIL_PAGE_SIZE ? Number(process.env.BENCH_MAIL_PAGE_SIZE) : undefined;
const LATENCY_MS = Number(process.env.BENCH_MAIL_LATENCY_MS ?? 200);
/** Messages per mailbox of the latency phase: past Graph's 5,000 filtered-delta cap, so the fill phase is timed too. */
const LATENCY_MESSAGES = Number(process.env.BENCH_MAIL_LATENCY_MESSAGES ?? 6_000);
const LATENCY_MAILBOXES = 2;
const DAYS = 365;
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * The mail-sync suite: N messages over several mailboxes synced from the Graph emulator (own process, HTTPS)
 * by the real sync code (`syncMailbox` with the worker's reply detector), messages/s next to a raw COPY of the
 * same rows into the same table; then page retrieval p95 with emulated Graph latency.
 */
export async function run(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR ?? join(root, '.data-bench');
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '54330',
    LOG_LEVEL: 'warn',
  });
  const perMailbox = Math.ceil(MESSAGES / MAILBOXES);
  say(
    `Mail sync benchmark: ${(perMailbox * MAILBOXES).toLocaleString()} messages over ${MAILBOXES} mailboxes, ${CONCURRENCY} at once, page size ${PAGE_SIZE ?? 'engine default'}; load average ${load()}`,
  );
  const ingestAddresses = Array.from({ length: MAILBOXES }, (_, i) => `rep${i + 1}@mailsync.bench`);
  const latencyAddresses = Array.from({ length: LATENCY_MAILBOXES }, (_, i) => `slow${i + 1}@mailsync.bench`);
  const emulator = await startEmulatorChild(
    [
      ...ingestAddresses.map((address) => ({ address, messages: perMailbox })),
      ...latencyAddresses.map((address) => ({ address, messages: LATENCY_MESSAGES })),
    ],
    DAYS,
  );
  say(
    `  emulator seeded ${emulator.seeded.toLocaleString()} messages in ${emulator.seedSeconds.toFixed(1)} s (own process)`,
  );
  const defaults = getCACertificates('default');
  setDefaultCACertificates([...defaults, emulator.caPem]);
  const db = await bootDatabase(config, () => undefined);
  const knex = createKnex(db.ownerUrl, {
    pool: { min: 0, max: CONCURRENCY * 2 + 2 },
    applicationName: 'bench-mail-sync',
  });
  try {
    const { tenantId, mailboxes } = await setupSyncTenant(
      db.ownerKnex,
      [...ingestAddresses, ...latencyAddresses],
      DAYS + 30,
      say,
    );
    const adapter = createGraphMailAdapter({ baseUrl: emulator.url, access: emulatorMailboxAccess(emulator) });
    const ingest = mailboxes.slice(0, MAILBOXES);
    const slow = mailboxes.slice(MAILBOXES);

    // 1. Ingest throughput.
    const fetches: number[] = [];
    const loadBefore = load();
    const t0 = performance.now();
    const pages = await syncAll(knex, timedAdapter(adapter, fetches), tenantId, ingest);
    const seconds = (performance.now() - t0) / 1000;
    const loadAfter = load();
    const indexed = Number(
      (await db.ownerKnex.raw('select count(*)::int as n from message_index where tenant_id = ?', [tenantId])).rows[0]
        .n,
    );
    const engagements = Number(
      (
        await db.ownerKnex.raw(`select count(*)::int as n from engagements where tenant_id = ? and channel = 'email'`, [
          tenantId,
        ])
      ).rows[0].n,
    );
    if (indexed !== perMailbox * MAILBOXES)
      throw new Error(`mail sync indexed ${indexed} messages, expected ${perMailbox * MAILBOXES}`);
    const rate = Math.round(indexed / seconds);
    say(
      `  sync ingest               ${indexed.toLocaleString()} messages in ${seconds.toFixed(1)} s = ${rate.toLocaleString()} messages/s (budget >= 5,000), ${pages.cycles.length} pages, ${engagements.toLocaleString()} engagements linked; load ${loadBefore} -> ${loadAfter}`,
    );
    const fetch = summarize(fetches);
    const cycle = summarize(pages.cycles);
    say(
      `  page retrieval (no lat.)  p50 ${fetch.p50} ms  p95 ${fetch.p95} ms  | page fetch+write p50 ${cycle.p50} ms  p95 ${cycle.p95} ms`,
    );
    const copy = await rawCopyRate(db.ownerUrl, tenantId, ingest);
    say(
      `  raw COPY, same rows/table ${copy.rows.toLocaleString()} rows in ${copy.seconds.toFixed(1)} s = ${copy.rowsPerSecond.toLocaleString()} rows/s (every index in place) | sync/COPY ${(rate / copy.rowsPerSecond).toFixed(2)}`,
    );

    // 2. Page retrieval with emulated Graph latency.
    for (const m of slow) {
      const res = await callEmulator(emulator, 'POST', `/_control/mailboxes/${encodeURIComponent(m.address)}/faults`, {
        token: null,
        body: { kind: 'latency', ms: LATENCY_MS },
      });
      if (res.status !== 204) throw new Error(`latency fault answered ${res.status}`);
    }
    const slowFetches: number[] = [];
    const s0 = performance.now();
    const slowPages = await syncAll(knex, timedAdapter(adapter, slowFetches), tenantId, slow);
    const slowSeconds = (performance.now() - s0) / 1000;
    const retrieval = summarize(slowFetches);
    const slowCycle = summarize(slowPages.cycles);
    say(
      `  page retrieval (${LATENCY_MS} ms)  p50 ${retrieval.p50} ms  p95 ${retrieval.p95} ms  max ${retrieval.max} ms (budget p95 < 3,000) over ${retrieval.n} pages | page fetch+write p95 ${slowCycle.p95} ms; ${(LATENCY_MAILBOXES * LATENCY_MESSAGES).toLocaleString()} messages in ${slowSeconds.toFixed(1)} s`,
    );

    const out = {
      at: new Date().toISOString(),
      node: process.version,
      loadAverage: { before: loadBefore, after: loadAfter },
      size: { messages: indexed, mailboxes: MAILBOXES, concurrency: CONCURRENCY, pageSize: PAGE_SIZE ?? null },
      ingest: {
        seconds,
        messagesPerSecond: rate,
        budgetMessagesPerSecond: 5000,
        pages: pages.cycles.length,
        engagements,
        pageRetrieval: fetch,
        pageCycle: cycle,
      },
      rawCopy: copy,
      syncToCopy: Math.round((rate / copy.rowsPerSecond) * 100) / 100,
      latency: {
        ms: LATENCY_MS,
        messages: LATENCY_MAILBOXES * LATENCY_MESSAGES,
        seconds: slowSeconds,
        pageRetrieval: retrieval,
        pageCycle: slowCycle,
        budgetP95: 3000,
      },
    } satisfies Record<string, unknown>;
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `mail-sync-${indexed}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await knex.destroy();
    await db.close();
    await emulator.stop();
    setDefaultCACertificates(defaults);
  }
}

/** Syncs the mailboxes (CONCURRENCY at once) to the end of their first delta round; answers each page's duration. */
async function syncAll(
  knex: SyncDeps['knex'],
  adapter: SyncDeps['adapter'],
  tenantId: string,
  mailboxes: BenchMailbox[],
): Promise<{ cycles: number[] }> {
  const cycles: number[] = [];
  const limit = pLimit(CONCURRENCY);
  await Promise.all(
    mailboxes.map((m) =>
      limit(async () => {
        // The first page of a run also carries folder discovery: it is left out of the page timings.
        let last: number | null = null;
        const deps: SyncDeps = {
          knex,
          adapter,
          replies: createReplyDetector(adapter, knex),
          ...(PAGE_SIZE ? { pageSize: PAGE_SIZE } : {}),
          afterPage: () => {
            const now = performance.now();
            if (last !== null) cycles.push(now - last);
            last = now;
          },
        };
        // Backfill, fill past the cap, then the first delta round: run until no folder has a page left.
        for (let run = 0; run < 5; run++) {
          last = null;
          const result = await syncMailbox(deps, tenantId, m.mailboxId);
          if (result.folders.every((f) => f.result?.complete)) return;
        }
        throw new Error(`mailbox ${m.address} did not finish its sync`);
      }),
    ),
  );
  return { cycles };
}
