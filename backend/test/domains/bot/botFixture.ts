import { startBotConnectorEmulator, type BotConnectorEmulator, type TeamsUser } from '@pivotal-pm/bot/emulator';
import { createBotRuntime, setBotRuntime, type BotRuntime } from '../../../src/domains/bot/runtime';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';

const APP_ID = '0b0b0b0b-1111-4222-8333-444455556666';
const APP_SECRET = 'test-bot-secret';

/** A test app with the bot: the Bot Connector emulator, the bot runtime pointed at it, a tenant linked to Entra. */
export type BotFixture = {
  t: TestApp;
  acme: TestTenant;
  emulator: BotConnectorEmulator;
  runtime: BotRuntime;
  /** The Teams identity of a seeded user of the tenant (their Entra object id is their user id). */
  teams(userId: string, name?: string): TeamsUser;
  close(): Promise<void>;
};

/** Starts the app, the emulator (bot registered at the app's /api/messages) and installs the runtime. */
export async function createBotFixture(now?: () => Date): Promise<BotFixture> {
  const t = await createTestApp();
  const acme = await t.tenant();
  const db = t.db.ownerKnex;
  await db('tenants').where({ id: acme.id }).update({ entraTenantId: acme.id });
  await db('users')
    .where({ tenantId: acme.id })
    .update({ entraObjectId: db.raw('id::text') });
  const emulator = await startBotConnectorEmulator({
    host: '127.0.0.1',
    bots: [{ appId: APP_ID, appSecret: APP_SECRET, endpoint: `${t.baseUrl}/api/messages`, name: 'Pivotal' }],
  });
  const runtime = createBotRuntime({
    config: { ...t.config.bot, appId: APP_ID, appSecret: APP_SECRET, sendsPerSecond: 50 },
    knex: t.db.appKnex,
    embedKey: t.services.keys.embed,
    apiUrl: t.baseUrl,
    appBaseUrl: t.baseUrl,
    openIdMetadataUrl: emulator.openIdMetadataUrl,
    tokenUrl: emulator.tokenUrl,
    trustedOrigins: [new URL(emulator.serviceUrl).origin],
    ...(now ? { now } : {}),
  });
  setBotRuntime(runtime);
  return {
    t,
    acme,
    emulator,
    runtime,
    teams: (userId, name = 'Someone') => ({ aadObjectId: userId, name, tenantId: acme.id }),
    async close() {
      setBotRuntime(null);
      await emulator.close();
      await t.close();
    },
  };
}

/** The Adaptive Cards of recorded activities (in order). */
export function cardsOf(activities: { activity: unknown }[]): Record<string, unknown>[] {
  return activities.flatMap(
    (r) =>
      ((r.activity as { attachments?: { content: Record<string, unknown> }[] }).attachments ?? []).map(
        (a) => a.content,
      ) ?? [],
  );
}

/** Every text shown in a card (TextBlocks, facts, table cells), for assertions on what a person reads. */
export function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = [o.text, o.title, o.value].filter((v): v is string => typeof v === 'string');
  return [...own, ...Object.values(o).flatMap((v) => (typeof v === 'object' ? textsOf(v) : []))];
}
