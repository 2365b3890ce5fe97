import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PivotalClient } from '@pivotal-pm/sdk';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { seedCalls } from '../calls/seed';
import { benchConfig, startBenchServer } from '../server';
import { measure, type Summary } from '../stats';

const N = Number(process.env.BENCH_N ?? 200);
const TASKS = Number(process.env.BENCH_CALL_TASKS ?? 10_000);
const SESSION = 100;
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);
const DISPOSITIONS = ['no_answer', 'left_vm', 'connected', 'connected', 'callback'] as const;

/**
 * The calls suite, through the API (its own process, with its embedded ACS emulator placing every call):
 * `call.start` latency (the provider's createCall included), `dialer.queue.next` with 10,000 open call tasks for
 * the rep, and a 100-call power-dialer session (next, start, end, disposition) checked for duplicate engagements.
 */
export async function run(): Promise<void> {
  const { dataDir, config } = benchConfig();
  const db = await bootDatabase(config, () => undefined);
  say(`Calls benchmark: ${TASKS.toLocaleString()} open call tasks for one rep`);
  const data = await seedCalls(db.ownerKnex, TASKS, N + 10);
  const services = await buildServices(config, db.appKnex);
  const token = (await mintDevToken({ knex: db.appKnex, services }, data.slug, data.repEmail, 3600)).token;
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 3310), {
    ACS_EMULATOR_PORT: '0',
    PUBLIC_URL: `http://127.0.0.1:${process.env.BENCH_PORT ?? 3310}`,
  });
  const rep = new PivotalClient({ baseUrl: server.baseUrl, token, maxRetries: 0 });
  try {
    const results: Record<string, Summary & { budgetP95: number }> = {};
    const record = (name: string, s: Summary, budgetP95: number) => {
      results[name] = { ...s, budgetP95 };
      say(`  ${name.padEnd(52)} p50 ${s.p50} ms  p95 ${s.p95} ms  (budget ${budgetP95})`);
    };

    // The dialer on the full queue: each request skips the task the previous one handed (it goes to the back).
    let last: string | undefined;
    const first = await rep.dialer.queue.next({});
    say(`  queue: ${first.remaining + 1} callable now of ${TASKS.toLocaleString()} open call tasks`);
    record(
      'dialer.queue.next (10,000 open call tasks)',
      await measure(N, 5, async () => {
        const next = await rep.dialer.queue.next(last ? { skipTaskId: last } : {});
        last = next.task?.id;
      }),
      50,
    );

    // call.start on contacts without tasks (numbers past the tasks' range).
    const spare = (await db
      .ownerKnex('contacts')
      .where({ tenantId: data.tenantId })
      .whereRaw('last_name::int > ?', [TASKS])
      .where({ optedOut: false })
      .orderBy('lastName')
      .select('id')) as { id: string }[];
    record(
      'call.start (ACS places the call)',
      await measure(N, 5, async (i) => rep.call.start({ contactId: spare[i % spare.length]!.id })),
      150,
    );

    // A power-dialer session: the rep works 100 calls through the API without reloading anything.
    const t0 = Date.now();
    const worked: string[] = [];
    const calls: string[] = [];
    for (let i = 0; i < SESSION; i++) {
      const next = await rep.dialer.queue.next({});
      if (!next.task || !next.contact) break;
      worked.push(next.task.id);
      const call = await rep.call.start({ contactId: next.contact.id, taskId: next.task.id });
      calls.push(call.id);
      await rep.call.end({ id: call.id });
      const disposition = DISPOSITIONS[i % DISPOSITIONS.length]!;
      await rep.call.disposition({
        id: call.id,
        disposition,
        notes: `Call ${i}`,
        ...(disposition === 'callback' ? { callbackAt: new Date(Date.now() + 86_400_000).toISOString() } : {}),
      });
    }
    const seconds = (Date.now() - t0) / 1000;
    const engagements = Number(
      (
        await db.ownerKnex.raw(
          `select count(*)::int n, count(distinct meta->>'callId')::int d from engagements where tenant_id = ? and meta->>'callId' = any(?)`,
          [data.tenantId, calls],
        )
      ).rows[0].n,
    );
    const completed = Number(
      (await db.ownerKnex('tasks').whereIn('id', worked).where({ status: 'completed' }).count({ n: '*' }))[0]!.n,
    );
    const session = {
      calls: calls.length,
      distinctTasks: new Set(worked).size,
      engagements,
      duplicates: engagements - calls.length,
      tasksCompleted: completed,
      seconds,
      perCallMs: Math.round((seconds * 1000) / Math.max(1, calls.length)),
    };
    say(
      `  power-dialer session: ${session.calls} calls (${session.distinctTasks} distinct tasks) in ${seconds.toFixed(1)} s, ` +
        `${session.perCallMs} ms per call (next+start+end+disposition); ${session.engagements} engagements, ` +
        `${session.duplicates} duplicates; ${session.tasksCompleted} tasks completed`,
    );
    const out = { at: new Date().toISOString(), tasks: TASKS, node: process.version, results, session };
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', 'calls.json');
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    say(`  written ${file}`);
  } finally {
    await server.stop();
    await db.close();
  }
}
