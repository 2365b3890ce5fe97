import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../../addins/test/browser/chromium';
import { createMailbox, createMessage } from '../../test/helpers/mailFactories';
import { loadConfig } from '#config';
import { seedDemo } from '#db/seeds/demo';
import { ensureAppsBuilt } from '#entrypoints/apps';
import { bootDatabase } from '#entrypoints/boot';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { startBenchServer } from '../server';
import { summarize } from '../stats';

const LOADS = Number(process.env.BENCH_OUTLOOK_LOADS ?? 20);
const BUDGET = { firstRenderP95: 1000, contextP95: 1000 };
const root = join(import.meta.dirname, '..', '..', '..');
const say = (m: string) => process.stdout.write(`${m}\n`);
const SUBJECT = 'Bench: renewal terms';

/**
 * The Outlook pane at Outlook's width (320 px), standalone against the API in its own process, on the demo seed:
 * a fresh browser context per load (empty cache, signed-in session), timed from navigation to the first render of
 * the pane (the rep's inbox), and from opening an email to its context (people, deals with SLA, tasks) on screen.
 */
export async function run(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR ?? join(root, '.data-bench-outlook');
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '47551',
    LOG_LEVEL: 'warn',
  });
  say(`Outlook pane benchmark: ${LOADS} loads at 320 px on the demo seed`);
  const db = await bootDatabase(config, () => undefined);
  const owner = db.ownerKnex;
  if (!(await owner('tenants').where({ slug: 'acme' }).first('id'))) await seedDemo(owner);
  const rep = (await owner('users').where({ email: 'rep@acme.test' }).first('id', 'tenantId')) as {
    id: string;
    tenantId: string;
  };
  if (!(await owner('messageIndex').where({ tenantId: rep.tenantId, subject: SUBJECT }).first('id'))) {
    const deal = (await owner('opportunities')
      .where({ tenantId: rep.tenantId, ownerId: rep.id, status: 'open' })
      .whereNotNull('primaryContactId')
      .first('primaryContactId')) as { primaryContactId: string };
    const contact = (await owner('contacts').where({ id: deal.primaryContactId }).first('email')) as { email: string };
    const box =
      ((await owner('mailboxAccounts').where({ tenantId: rep.tenantId, userId: rep.id }).first('id', 'userId')) as
        { id: string; userId: string } | undefined) ?? (await createMailbox(owner, rep.tenantId, rep.id));
    await createMessage(owner, rep.tenantId, box, {
      subject: SUBJECT,
      fromAddress: contact.email,
      toAddresses: ['rep@acme.test'],
      internetMessageId: '<bench-1@client.example>',
      direction: 'in',
      receivedAt: new Date(Date.now() + 86_400_000),
    });
  }
  const services = await buildServices(config, db.appKnex);
  const session = await mintDevToken({ knex: db.appKnex, services }, 'acme', 'rep@acme.test', 3600);
  await ensureAppsBuilt(say);
  const server = await startBenchServer(db, dataDir, Number(process.env.BENCH_PORT ?? 47552));
  const browser = await launchChromium();
  try {
    const loadBefore = loadavg()[0]!;
    const first: number[] = [];
    const context: number[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const ctx = await browser.newContext({ viewport: { width: 320, height: 900 } });
      await ctx.addInitScript(
        (s) => sessionStorage.setItem('pivotal.outlook.session', s),
        JSON.stringify({ ...session, email: 'rep@acme.test' }),
      );
      const page = await ctx.newPage();
      const start = Date.now();
      await page.goto(`${server.baseUrl}/app/outlook/`);
      const message = page.getByRole('button', { name: new RegExp(SUBJECT) });
      await message.waitFor().catch(async (error: unknown) => {
        await page.screenshot({ path: join(root, 'bench', 'results', 'outlook-pane-failure.png') });
        throw error;
      });
      const rendered = Date.now() - start;
      const opened = Date.now();
      await message.click();
      await page.locator('[data-opportunity]').first().waitFor();
      // The first load warms the server.
      if (i > 0) {
        first.push(rendered);
        context.push(Date.now() - opened);
      }
      await ctx.close();
    }
    const results = { firstRender: summarize(first), context: summarize(context) };
    say(
      `  first render (inbox)        p50 ${results.firstRender.p50} ms  p95 ${results.firstRender.p95} ms (budget ${BUDGET.firstRenderP95})`,
    );
    say(
      `  email opened -> context     p50 ${results.context.p50} ms  p95 ${results.context.p95} ms (budget ${BUDGET.contextP95})`,
    );
    say(`  load average ${loadBefore.toFixed(2)} -> ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
    await mkdir(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', 'outlook-pane.json');
    await writeFile(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), loads: LOADS, budget: BUDGET, results }, null, 2)}\n`,
    );
    say(`  written ${file}`);
  } finally {
    await browser.close();
    await server.stop();
    await db.close();
  }
}
