import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createTenant } from '#db/seeds/tenants';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import type { GraphMailAdapter } from '#integrations/graph/adapter/index';

/** One bench mailbox: its rep, the synced mailbox and a spare mailbox of the same rep (target of the raw COPY). */
export type BenchMailbox = {
  userId: string;
  address: string;
  mailboxId: string;
  copy: { userId: string; mailboxId: string };
};

/** The emulator child process and where to reach it. */
export type EmulatorChild = {
  url: string;
  caPem: string;
  seeded: number;
  seedSeconds: number;
  process: ChildProcess;
  stop(): Promise<void>;
};

/** Starts the Graph emulator in its own process and seeds the mailboxes there (see `emulatorProcess.ts`). */
export async function startEmulatorChild(
  mailboxes: { address: string; messages: number }[],
  days: number,
): Promise<EmulatorChild> {
  const spec = { days, mailboxes: mailboxes.map((m, i) => ({ ...m, seed: i + 1 })) };
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=12288',
      '--conditions=@pivotal-pm/source',
      '--import',
      'tsx',
      join(import.meta.dirname, 'emulatorProcess.ts'),
    ],
    {
      env: { ...process.env, BENCH_EMULATOR_SEED: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (b: Buffer) => {
      buffered += b.toString();
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`Graph emulator process exited with ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; caFile: string; seeded: number; seedSeconds: number };
  return {
    url: info.url,
    caPem: await readFile(info.caFile, 'utf8'),
    seeded: info.seeded,
    seedSeconds: info.seedSeconds,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The counterpart domains the emulator's seed writes to; the first two get accounts and contacts (about half the mail links). */
const LINKED_DOMAINS = ['northwind.example', 'contoso.example'];
const PEOPLE = ['ava', 'noah', 'mia', 'liam', 'zoe', 'ethan', 'isla', 'lucas'];

/**
 * A fresh tenant for one run (earlier mail-sync bench tenants are dropped first: ingest starts from an empty
 * index): reps with a connected mailbox whose sync settings cover the seeded mail, and accounts and contacts
 * for part of the emulator's counterparts, so linking and engagement writes happen as in production.
 */
export async function setupSyncTenant(
  owner: Knex,
  addresses: string[],
  backfillDays: number,
  log: (m: string) => void,
): Promise<{ tenantId: string; mailboxes: BenchMailbox[] }> {
  const old = (await owner('tenants').where('slug', 'like', 'bench-mailsync-%').select('id')) as { id: string }[];
  if (old.length > 0) {
    const t0 = Date.now();
    for (const { id } of old) await owner('tenants').where({ id }).delete();
    // Otherwise autovacuum reclaims the dropped rows (and their GIN entries) in the middle of the measurement.
    await owner.raw('VACUUM (ANALYZE) message_index, engagements');
    log(
      `  dropped ${old.length} earlier mail-sync bench tenant(s) and vacuumed in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const { id: tenantId } = await createTenant(owner, {
    slug: `bench-mailsync-${Date.now()}`,
    name: 'Mail Sync Benchmark Agency',
  });
  const startedAt = new Date().toISOString();
  const mailboxes: BenchMailbox[] = [];
  await withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    for (const address of addresses) {
      const userId = uuidv7();
      await trx('users').insert({
        tenantId,
        id: userId,
        email: address,
        displayName: address.split('@')[0],
        entraObjectId: userId,
        active: true,
        timeZone: 'UTC',
      });
      await trx('roleAssignments').insert({ tenantId, id: uuidv7(), userId, role: 'salesRep' });
      const mailboxId = uuidv7();
      await trx('mailboxAccounts').insert({
        tenantId,
        id: mailboxId,
        userId,
        status: 'connected',
        connectedAt: new Date(),
        scopes: ['Mail.Read'],
        meta: JSON.stringify({ address, sync: { backfillDays, folders: null, startedAt } }),
      });
      // A shadow user whose revoked mailbox (no sync settings: never synced) is only the raw COPY's target.
      const copy = { userId: uuidv7(), mailboxId: uuidv7() };
      await trx('users').insert({
        tenantId,
        id: copy.userId,
        email: `copy-${address}`,
        displayName: `copy ${address}`,
        entraObjectId: copy.userId,
        active: false,
        timeZone: 'UTC',
      });
      await trx('mailboxAccounts').insert({
        tenantId,
        id: copy.mailboxId,
        userId: copy.userId,
        status: 'revoked',
        scopes: [],
        meta: JSON.stringify({ address: `copy-${address}` }),
      });
      mailboxes.push({ userId, address, mailboxId, copy });
    }
    for (const domain of LINKED_DOMAINS) {
      const accountId = uuidv7();
      await trx('accounts').insert({ tenantId, id: accountId, name: domain.split('.')[0], domain });
      await trx('contacts').insert(
        PEOPLE.map((p) => ({ tenantId, id: uuidv7(), accountId, firstName: p, email: `${p}@${domain}` })),
      );
    }
  });
  return { tenantId, mailboxes };
}

/** Columns the sync's upsert writes (the raw COPY writes the same ones). */
const COPY_COLUMNS = `tenant_id, id, mailbox_id, user_id, folder, folder_id, external_id, from_address, to_addresses, cc_addresses, subject,
  snippet, has_attachments, received_at, is_read, is_flagged, thread_key, internet_message_id, conversation_id, direction, contact_id,
  account_id, opportunity_id, client_id, labels`;

/**
 * The physical limit next to the sync: the rows the sync wrote, exported, then COPYed once more into the same
 * table (every index in place, spare mailboxes, fresh ids) in one transaction that is rolled back. Answers rows/s.
 */
export async function rawCopyRate(
  ownerUrl: string,
  tenantId: string,
  mailboxes: BenchMailbox[],
): Promise<{ rows: number; seconds: number; rowsPerSecond: number; bytes: number }> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`select set_config('app.tenant_id', $1, false), set_config('app.mailbox_scope', 'all', false)`, [
      tenantId,
    ]);
    const chunks: Buffer[] = [];
    // COPY takes no parameters; the ids are uuids this process made.
    const list = (pick: (m: BenchMailbox) => string) => `'{${mailboxes.map(pick).join(',')}}'::uuid[]`;
    const out = client.query(
      copyTo(`COPY (SELECT m.tenant_id, uuidv7(), c.mailbox, c.user_id, m.folder, m.folder_id, m.external_id, m.from_address, m.to_addresses,
        m.cc_addresses, m.subject, m.snippet, m.has_attachments, m.received_at, m.is_read, m.is_flagged, m.thread_key, m.internet_message_id,
        m.conversation_id, m.direction, m.contact_id, m.account_id, m.opportunity_id, m.client_id, m.labels
      FROM message_index m JOIN unnest(${list((b) => b.mailboxId)}, ${list((b) => b.copy.mailboxId)}, ${list((b) => b.copy.userId)}) AS c(source, mailbox, user_id)
        ON c.source = m.mailbox_id
      WHERE m.tenant_id = '${tenantId}') TO STDOUT`),
    );
    for await (const chunk of out) chunks.push(chunk as Buffer);
    const bytes = chunks.reduce((n, c) => n + c.length, 0);
    let rows = 0;
    for (const c of chunks) for (let i = 0; i < c.length; i++) if (c[i] === 10) rows += 1;
    await client.query('begin');
    const t0 = performance.now();
    const copy = client.query(copyFrom(`COPY message_index (${COPY_COLUMNS}) FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
      for (const c of chunks) copy.write(c);
      copy.end();
    });
    const seconds = (performance.now() - t0) / 1000;
    await client.query('rollback');
    return { rows, seconds, rowsPerSecond: Math.round(rows / seconds), bytes };
  } finally {
    await client.end();
  }
}

/** Wraps the adapter so each message page retrieval (delta or list) is timed; everything else passes through. */
export function timedAdapter(adapter: GraphMailAdapter, samples: number[]): GraphMailAdapter {
  const time = async <T>(call: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      samples.push(performance.now() - t0);
    }
  };
  return {
    ...adapter,
    messageDelta: (ref, request) => time(() => adapter.messageDelta(ref, request)),
    listMessages: (ref, request) => time(() => adapter.listMessages(ref, request)),
  };
}
