import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PivotalClient } from '@pivotal-pm/sdk';
import { loadConfig } from '#config';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { seedMail } from '../mail/seedMail';
import { startBenchServer } from '../server';
import { measure, type Summary } from '../stats';

const small = process.env.BENCH_SIZE === 'small';
const size = small ? { mailboxes: 5, messages: 100_000 } : { mailboxes: 10, messages: 1_000_000 };
const N = Number(process.env.BENCH_N ?? 200);
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);

/** The mail-search suite: `mail.search` p95 over one tenant's indexed mail (subject words, address prefixes, filters). */
export async function run(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR ?? join(root, '.data-bench');
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '54330',
    LOG_LEVEL: 'warn',
  });
  say(
    `Mail search benchmark (${small ? 'small' : 'full'}: ${size.messages.toLocaleString()} messages over ${size.mailboxes} mailboxes)`,
  );
  const db = await bootDatabase(config, () => undefined);
  const data = await seedMail(db.ownerKnex, db.ownerUrl, size, say);
  const services = await buildServices(config, db.appKnex);
  const rep = data.reps[0]!;
  const token = (await mintDevToken({ knex: db.appKnex, services }, data.slug, rep.email, 3600)).token;
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310));
  const client = new PivotalClient({ baseUrl: server.baseUrl, token, maxRetries: 0 });
  try {
    const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
    // Words a user looks up (a client or project name: ranks 200..400 of the Zipf draw, ~0.5% of mail each),
    // and contacts/domains of this rep's mail.
    const word = (i: number) => data.words[200 + ((i * 7) % 200)]!;
    const contact = (i: number) => `${data.contacts[(i * 37) % data.contacts.length]}@`;
    const domain = (i: number) => `@${data.domains[(i * 13) % data.domains.length]!.split('.')[0]}`;
    const cases: Record<string, { input: (i: number) => Record<string, unknown>; budget: number | null }> = {
      'subject word': { input: (i) => ({ q: word(i) }), budget: 100 },
      'address prefix (jane@)': { input: (i) => ({ q: contact(i) }), budget: 100 },
      'domain prefix (@acme)': { input: (i) => ({ q: domain(i) }), budget: 100 },
      'word + folder + 90 days': { input: (i) => ({ q: word(i), folder: 'inbox', receivedFrom: since }), budget: 100 },
      'address + folder + 90 days': {
        input: (i) => ({ q: contact(i), folder: 'inbox', receivedFrom: since }),
        budget: 100,
      },
      'frequent word, ~6% (info)': { input: (i) => ({ q: data.words[30 + (i % 20)]! }), budget: null },
      'most common word (info)': { input: () => ({ q: data.words[0]! }), budget: null },
    };
    const results: Record<string, Summary & { budgetP95: number | null; avgHits: number }> = {};
    for (const [name, spec] of Object.entries(cases)) {
      let hits = 0;
      const s = await measure(N, 20, async (i) => {
        const page = await client.mail.search({ ...spec.input(i), limit: 50 } as never);
        hits += page.data.length;
      });
      results[name] = { ...s, budgetP95: spec.budget, avgHits: Math.round(hits / (N + 20)) };
      say(
        `  ${name.padEnd(28)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms${spec.budget ? ` (budget ${spec.budget})` : ''}  ~${results[name].avgHits} hits on page 1`,
      );
    }
    const out = {
      at: new Date().toISOString(),
      size,
      node: process.version,
      copySeconds: data.copySeconds,
      indexSeconds: data.indexSeconds,
      search: results,
    };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `mail-search-${small ? 'small' : 'full'}.json`);
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}
