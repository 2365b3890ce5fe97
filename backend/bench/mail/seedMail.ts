import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTenant } from '#db/seeds/tenants';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';

/** The mail benchmark's data: one tenant, `mailboxes` reps each with a mailbox, `messages` indexed messages. */
export type MailBenchData = {
  tenantId: string;
  slug: string;
  reps: { id: string; email: string; mailboxId: string }[];
  words: string[];
  contacts: string[];
  domains: string[];
  copySeconds: number | null;
  indexSeconds: number | null;
};

const syllables = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tor',
  'va',
  'sel',
  'dun',
  'pra',
  'quin',
  'zo',
  'bel',
  'tri',
  'nex',
  'har',
  'ol',
  'vy',
  'cas',
];
const business = [
  'proposal',
  'contract',
  'renewal',
  'invoice',
  'meeting',
  'pricing',
  'quote',
  'demo',
  'follow',
  'update',
  'agenda',
  'budget',
  'review',
  'launch',
  'campaign',
  'onboarding',
  'timeline',
  'kickoff',
  'feedback',
  'approval',
];
const firsts = [
  'jane',
  'john',
  'maria',
  'li',
  'ahmed',
  'sofia',
  'lucas',
  'emma',
  'noah',
  'olga',
  'raj',
  'chen',
  'amara',
  'ivan',
  'yuki',
  'pedro',
];

/** A deterministic PRNG (mulberry32), so every run seeds the same mail. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The vocabulary, most frequent first: 20 business words then 1,980 made-up names (Zipf-drawn below). */
export function vocabulary(): string[] {
  const words = [...business];
  for (let i = 0; words.length < 2000; i++)
    words.push(
      syllables[i % 18]! + syllables[Math.floor(i / 18) % 18]! + (i >= 324 ? syllables[Math.floor(i / 324) % 18]! : ''),
    );
  return [...new Set(words)];
}

/** Seeds (or reuses) the tenant; COPYs the messages with the search indexes dropped, then rebuilds them. */
export async function seedMail(
  owner: Knex,
  ownerUrl: string,
  size: { mailboxes: number; messages: number },
  log: (m: string) => void,
): Promise<MailBenchData> {
  const slug = `bench-mail-${size.mailboxes}x${size.messages}`;
  const words = vocabulary();
  const contacts = Array.from({ length: 5000 }, (_, i) => `${firsts[i % 16]}.${firsts[(i * 7) % 16]}${i}`);
  const domains = Array.from({ length: 500 }, (_, i) => `${words[20 + i]}${i}.com`);
  const existing = await owner('tenants').where({ slug }).first('id');
  if (existing) {
    const n = (
      (await owner.raw('select count(*)::int as n from message_index where tenant_id = ?', [existing.id])).rows as {
        n: number;
      }[]
    )[0]?.n;
    if (n === size.messages)
      return {
        ...(await describe(owner, existing.id as string, slug)),
        words,
        contacts,
        domains,
        copySeconds: null,
        indexSeconds: null,
      };
    // An interrupted seed: start over.
    await owner('tenants').where({ id: existing.id }).delete();
  }
  const { id: tenantId } = await createTenant(owner, { slug, name: 'Mail Benchmark Agency' });
  await withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    for (let r = 1; r <= size.mailboxes; r++) {
      const id = uuidv7();
      await trx('users').insert({
        tenantId,
        id,
        email: `rep${r}@mailbench.test`,
        displayName: `Rep ${r}`,
        entraObjectId: id,
        active: true,
        timeZone: 'UTC',
      });
      await trx('roleAssignments').insert({ tenantId, id: uuidv7(), userId: id, role: 'salesRep' });
      await trx('mailboxAccounts').insert({
        tenantId,
        id: uuidv7(),
        userId: id,
        status: 'connected',
        connectedAt: new Date(),
      });
    }
  });
  const data = await describe(owner, tenantId, slug);
  // One transaction: the GIN indexes are dropped for the load and rebuilt after it, or neither happens.
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let copySeconds: number;
  let indexSeconds: number;
  try {
    await client.query('begin');
    await client.query(
      `select set_config('app.tenant_id', $1, true), set_config('app.mailbox_scope', 'all', true), set_config('maintenance_work_mem', '256MB', true)`,
      [tenantId],
    );
    const indexes = (
      await client.query(
        `select indexname, indexdef from pg_indexes where tablename = 'message_index' and indexdef ilike '%using gin%'`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
    const t0 = Date.now();
    const copy = client.query(
      copyFrom(`COPY message_index (tenant_id, id, mailbox_id, user_id, external_id, folder, from_address, to_addresses, cc_addresses,
      subject, snippet, has_attachments, received_at, is_read, thread_key, body_pointer) FROM STDIN`),
    );
    await pipeline(Readable.from(rows(tenantId, data.reps, size.messages, words, contacts, domains, log)), copy);
    copySeconds = (Date.now() - t0) / 1000;
    log(
      `  COPY of ${size.messages.toLocaleString()} messages: ${copySeconds.toFixed(1)} s (${Math.round(size.messages / copySeconds).toLocaleString()} rows/s, GIN indexes dropped)`,
    );
    const t1 = Date.now();
    for (const ix of indexes) await client.query(ix.indexdef);
    indexSeconds = (Date.now() - t1) / 1000;
    await client.query('commit');
    log(`  GIN indexes rebuilt in ${indexSeconds.toFixed(1)} s`);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  await owner.raw('analyze message_index');
  return { ...data, words, contacts, domains, copySeconds, indexSeconds };
}

/** COPY text lines in batches: mailbox round-robin, 70% inbox / 20% sent / 8% archive / 2% custom, a year of dates. */
function* rows(
  tenantId: string,
  reps: MailBenchData['reps'],
  n: number,
  words: string[],
  contacts: string[],
  domains: string[],
  log: (m: string) => void,
): Generator<string> {
  const rnd = prng(42);
  // Zipf-like word draw: rank ~ 2000^u, so a few words are common and most are rare.
  const word = () => words[Math.min(words.length - 1, Math.floor(Math.pow(words.length, rnd())) - 1)]!;
  const phrase = (k: number) => Array.from({ length: k }, word).join(' ');
  const year = 365 * 86_400_000;
  const now = Date.now();
  let batch: string[] = [];
  for (let i = 0; i < n; i++) {
    const rep = reps[i % reps.length]!;
    const c = Math.floor(rnd() * contacts.length);
    const contact = `${contacts[c]}@${domains[c % domains.length]}`;
    const f = rnd();
    const folder = f < 0.7 ? 'inbox' : f < 0.9 ? 'sent' : f < 0.98 ? 'archive' : 'custom';
    const [from, to] = folder === 'sent' ? [rep.email, contact] : [contact, rep.email];
    const cc = rnd() < 0.2 ? `{${contacts[(c + 1) % contacts.length]}@${domains[c % domains.length]}}` : '{}';
    const subject = `${rnd() < 0.3 ? 'Re: ' : ''}${phrase(3 + Math.floor(rnd() * 4))}`;
    const received = new Date(now - Math.floor(rnd() * year)).toISOString();
    batch.push(
      [
        tenantId,
        uuidv7(),
        rep.mailboxId,
        rep.id,
        `AAMk${i}`,
        folder,
        from,
        `{${to}}`,
        cc,
        subject,
        phrase(12),
        rnd() < 0.15 ? 't' : 'f',
        received,
        rnd() < 0.7 ? 't' : 'f',
        `conv-${Math.floor(i / 3)}`,
        `graph:${i}`,
      ].join('\t'),
    );
    if (batch.length === 5000) {
      yield `${batch.join('\n')}\n`;
      batch = [];
      if ((i + 1) % 200_000 === 0) log(`  ${(i + 1).toLocaleString()} messages streamed`);
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

async function describe(
  owner: Knex,
  tenantId: string,
  slug: string,
): Promise<Omit<MailBenchData, 'words' | 'contacts' | 'domains' | 'copySeconds' | 'indexSeconds'>> {
  return withTenant(owner, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    const reps = (await trx('users')
      .join('mailboxAccounts', (j) =>
        j.on('mailboxAccounts.userId', 'users.id').andOn('mailboxAccounts.tenantId', 'users.tenantId'),
      )
      .where('users.tenantId', tenantId)
      .orderBy('users.email')
      .select('users.id', 'users.email', 'mailboxAccounts.id as mailboxId')) as MailBenchData['reps'];
    return { tenantId, slug, reps };
  });
}
