import type { Logger } from 'pino';
import type { Config } from '#config';
import { seedDemo } from '#db/seeds/demo';
import { createMailboxAccess } from '#domains/mail/connect/mailboxAccess';
import { setUpDemoMailboxes } from '#domains/mail/demo/demoMailboxes';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { mintDevToken } from '#http/platformRoutes';
import { createGraphMailAdapter } from '#integrations/graph/adapter/index';
import type { GraphEmulator } from '#integrations/graph/emulator/index';
import { o365FromConfig } from '#services';
import { startWorkers } from '#workers/index';
import { startApi } from './api';
import { ensureAppsBuilt } from './apps';
import { bootDatabase, type BootedDatabase } from './boot';
import { startEmbeddedGraph } from './embeddedGraph';
import { startTelephony } from './telephony';
import { installDemoBot, startEmbeddedBot, type EmbeddedBot } from './embeddedBot';
import { checkPortsFree } from './ports';

/** Options of `startAllInOne`: skip the tab's bundle (tests); `signal` interrupts the start between steps. */
export type StartOptions = { buildApps?: boolean; signal?: AbortSignal };

/** A running all-in-one: database, Graph emulator (when embedded), workers and API. */
export type AllInOne = {
  db: BootedDatabase;
  emulator: GraphEmulator | null;
  /** The bot and its Bot Connector emulator (null when the bot is off). */
  bot: EmbeddedBot | null;
  apiUrl: string;
  stop(): Promise<void>;
};

/**
 * Boots the product in this process: database (embedded unless DATABASE_URL), demo seed, the Graph emulator,
 * the mail runtime (Graph adapter over the real MailboxAccess), workers, the API, and the demo's mailboxes
 * (seeded, connected through OAuth and synced). `say` prints the banner lines. Taken ports fail first, naming
 * the setting to change; a failed start stops what it had started.
 */
export async function startAllInOne(
  config: Config,
  log: Logger,
  say: (m: string) => void,
  options: StartOptions = {},
): Promise<AllInOne> {
  await checkPortsFree(config);
  const db = await bootDatabase(config, (m) => log.debug(m));
  // What is running, in start order; stopping closes it newest first (API, workers, emulator, database).
  const running: (() => Promise<unknown>)[] = [
    async () => {
      // Connections still open now are closed by Postgres stopping: expected, not worth a warning.
      log.level = 'error';
      await db.close();
    },
  ];
  const stop = async () => {
    for (const close of running.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    return { ...(await startServices(config, db, log, say, options, running)), db, stop };
  } catch (error) {
    // A failed start (a port taken meanwhile, a bad setting) leaves nothing running behind it.
    await stop();
    throw error;
  }
}

async function startServices(
  config: Config,
  db: BootedDatabase,
  log: Logger,
  say: (m: string) => void,
  options: StartOptions,
  running: (() => Promise<unknown>)[],
): Promise<Pick<AllInOne, 'emulator' | 'apiUrl' | 'bot'>> {
  // Between steps: an interrupted start stops here, and the caller's catch stops what was started.
  const step = () => options.signal?.throwIfAborted();
  step();
  say(db.embedded ? `  database   embedded PostgreSQL, data in ${config.dataDir}` : '  database   DATABASE_URL');
  if (config.seedDemo === 'on' || (config.seedDemo === 'auto' && config.env !== 'production')) {
    const loaded = await seedDemo(db.ownerKnex);
    say(loaded ? '  demo       loaded tenants acme and globex' : '  demo       tenants already present');
  }
  step();
  const emulator = await startEmbeddedGraph(config);
  if (emulator) running.push(() => emulator.close());
  // In emulator mode, mailbox connection (msal-node) signs in at the emulator unless an authority was configured.
  const effective: Config =
    emulator && !process.env.O365_AUTHORITY_HOST
      ? { ...config, o365: { ...config.o365, authorityHost: emulator.url, caFile: emulator.caFile } }
      : config;
  if (emulator)
    say(
      `  graph      Graph emulator ${emulator.url}  (state in ${config.dataDir}/graph-emulator; CA ${emulator.caFile})`,
    );
  const o365 = await o365FromConfig(effective);
  const graphBase = emulator ? emulator.url : config.graph.baseUrl;
  setMailRuntime({
    adapter: createGraphMailAdapter({ baseUrl: graphBase, access: createMailboxAccess({ knex: db.appKnex, o365 }) }),
    notificationBaseUrl: config.publicUrl,
  });
  running.push(async () => setMailRuntime(null));
  const telephony = await startTelephony(config);
  running.push(() => telephony.close());
  if (telephony.emulator)
    say(`  calls      ACS emulator ${telephony.emulator.url}  (calls: ${telephony.emulator.url}/_emulator/calls)`);
  const workers = config.workers ? await startWorkers(db.ownerUrl, log) : null;
  if (workers) {
    running.push(async () => {
      await workers.stop().catch(() => undefined);
      await workers.pool.end();
    });
    say('  workers    graphile-worker (mail sync, Graph subscriptions, webhooks, partitions, ...)');
  }
  step();
  const apps = options.buildApps === false ? false : await ensureAppsBuilt(say);
  step();
  const api = await startApi(effective, db, log);
  running.push(() => api.close());
  say(`  api        ${config.publicUrl}  (POST /v1/<operationId>, /healthz, /metrics, /v1/events/stream)`);
  if (apps) {
    say(`  teams tab  ${config.publicUrl}/app/teams/  (open it in a browser and pick a seeded user)`);
    say(
      `  outlook    ${config.publicUrl}/app/outlook/  (the Outlook pane, standalone: pick a rep, then one of their emails)`,
    );
  }
  const address = api.server.address();
  const apiUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : config.publicUrl;
  step();
  const bot = await startEmbeddedBot(config, { knex: db.appKnex, embedKey: api.services.keys.embed, apiUrl });
  if (bot) running.push(() => bot.close());
  if (bot?.emulator) {
    const installed = config.devAuth ? await installDemoBot(db.ownerKnex, bot.emulator) : 0;
    say(
      `  bot        Teams bot at ${config.publicUrl}/api/messages; Bot Connector emulator ${bot.emulator.url}` +
        ` (chats: ${bot.emulator.url}/_emulator/activities${installed ? `; installed for ${installed} demo users` : ''})`,
    );
  } else if (bot) say(`  bot        Teams bot at ${config.publicUrl}/api/messages`);
  step();
  if (emulator && config.devAuth) {
    const outcomes = await setUpDemoMailboxes({
      ownerKnex: db.ownerKnex,
      emulator,
      api: {
        baseUrl: apiUrl,
        token: async (slug, email) =>
          (await mintDevToken({ knex: db.appKnex, services: api.services }, slug, email, 600)).token,
      },
    });
    const connected = outcomes.filter((o) => o.connected).length;
    if (outcomes.length > 0)
      say(
        `  mail       ${outcomes.length} demo mailboxes (reps and managers)${connected ? `, ${connected} connected through OAuth now and syncing` : ', connected and syncing'}`,
      );
  }
  step();
  return { emulator, apiUrl, bot };
}
