import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PivotalClient } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '#config';
import { type AllInOne, startAllInOne } from '#entrypoints/allInOneBoot';
import { mintDevToken } from '#http/platformRoutes';
import { createLogger } from '#observability/logger';
import { buildServices } from '#services';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const PORT = 47131;
const GRAPH_PORT = 47132;
let db: TestDatabase;
let dataDir: string;
let running: AllInOne | null = null;

const env = () => ({
  NODE_ENV: 'development',
  LOG_LEVEL: 'silent',
  PORT: String(PORT),
  PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  GRAPH_EMULATOR_PORT: String(GRAPH_PORT),
  BOT_EMULATOR_PORT: '0',
  DATABASE_URL: db.ownerUrl,
  DATABASE_APP_URL: db.appUrl,
  PIVOTAL_DB_APP_PASSWORD: inject('pivotalDb').appPassword,
  PIVOTAL_DATA_DIR: dataDir,
});
const boot = async () => {
  const lines: string[] = [];
  running = await startAllInOne(loadConfig(env()), createLogger('silent'), (m) => lines.push(m), { buildApps: false });
  return lines;
};
const stop = async () => {
  await running?.stop();
  running = null;
};
async function sdkAs(email: string): Promise<PivotalClient> {
  const config = loadConfig(env());
  const services = await buildServices(config, running!.db.appKnex);
  const { token } = await mintDevToken({ knex: running!.db.appKnex, services }, 'acme', email, 600);
  return new PivotalClient({ baseUrl: `http://127.0.0.1:${PORT}`, token, maxRetries: 0 });
}
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'pivotal-allinone-'));
});
afterAll(async () => {
  await stop();
  await db?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start wiring: the demo mail', () => {
  it(
    'seeds, connects through OAuth and syncs the demo mailboxes; the inbox shows through the SDK; a restart keeps ids and cursors',
    { timeout: 180_000 },
    async () => {
      const banner = await boot();
      expect(banner.join('\n')).toContain(`Graph emulator https://127.0.0.1:${GRAPH_PORT}`);
      expect(banner.join('\n')).toMatch(/6 demo mailboxes .*6 connected through OAuth/);
      const rep = await sdkAs('rep@acme.test');
      const status = await until(
        'a synced inbox',
        async () => {
          const s = await rep.mailbox.status.get({});
          const inbox = s.folders.find((f) => f.folder === 'inbox');
          return s.folders.length >= 3 && s.folders.every((f) => f.health === 'synced') && inbox ? s : null;
        },
        90_000,
      );
      expect(status.status).toBe('connected');
      const emulatorInbox = running!
        .emulator!.control.messages('rep@acme.test', 'inbox')
        .filter((m) => Date.parse(m.receivedDateTime) > Date.now() - 90 * 86_400_000);
      const listed: { externalId?: string; subject: string | null }[] = [];
      for await (const m of rep.mail.messages.list({ folder: 'inbox', limit: 200 })) listed.push(m);
      expect(listed.length).toBe(emulatorInbox.length);
      expect(listed.length).toBeGreaterThan(20);
      const newest = emulatorInbox.sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime))[0]!;
      expect(listed[0]!.subject).toBe(newest.subject);
      const bounce = await rep.mail.search({ q: 'Undeliverable', limit: 10 });
      expect(bounce.data.length).toBeGreaterThanOrEqual(1);
      // Mail went through the real MailboxAccess: the emulator saw tokens issued to the user by the OAuth flow.
      expect(
        running!
          .emulator!.control.requests()
          .some((r) => r.signedInAs === 'rep@acme.test' && r.path.includes('/messages/delta')),
      ).toBe(true);
      // Subscriptions exist for the synced folders, and a change notification brings new mail in.
      await until(
        'subscriptions',
        async () =>
          running!.emulator!.control.subscriptions().filter((s) => s.resource.startsWith('users/rep@acme.test/'))
            .length >= 3,
      );
      running!.emulator!.control.deliver('rep@acme.test', {
        subject: 'Pushed before restart',
        body: { contentType: 'text', content: 'hello' },
        from: { emailAddress: { name: 'Zed', address: 'zed@example.com' } },
      });
      await until(
        'the pushed message',
        async () => (await rep.mail.search({ q: 'Pushed', limit: 5 })).data.length === 1,
        30_000,
      );

      // Restart on the same database and data dir: the emulator comes back with the same ids, tokens and delta state.
      const before = running!
        .emulator!.control.messages('rep@acme.test', 'inbox')
        .map((m) => m.id)
        .sort();
      await stop();
      expect((await stat(join(dataDir, 'graph-emulator', 'state.json'))).size).toBeGreaterThan(10_000);
      const again = await boot();
      expect(again.join('\n')).toMatch(/6 demo mailboxes .*connected and syncing/);
      expect(running!.emulator!.restored).toBe(true);
      expect(
        running!
          .emulator!.control.messages('rep@acme.test', 'inbox')
          .map((m) => m.id)
          .sort(),
      ).toEqual(before);
      const rep2 = await sdkAs('rep@acme.test');
      running!.emulator!.control.deliver('rep@acme.test', {
        subject: 'Arrived after restart',
        body: { contentType: 'text', content: 'hi' },
        from: { emailAddress: { name: 'Zed', address: 'zed@example.com' } },
      });
      await until(
        'the message after restart',
        async () => (await rep2.mail.search({ q: 'restart', limit: 5 })).data.length === 1,
        30_000,
      );
      const after = await until(
        'healthy folders after restart',
        async () => {
          const s = await rep2.mailbox.status.get({});
          return s.folders.every((f) => f.health === 'synced') ? s : null;
        },
        30_000,
      ).catch(async (error: Error) => {
        throw new Error(
          `${error.message}: ${JSON.stringify((await rep2.mailbox.status.get({})).folders.map((f) => [f.folder, f.health, f.phase, f.lastError]))}`,
        );
      });
      expect(after.syncState).toBe('synced');
      // Delta continued from the saved cursors: no round had to restart (a 410 would count one).
      const restarts = await running!.db.ownerKnex.raw(
        'select coalesce(sum(restarts), 0)::int as n from mail_folder_sync',
      );
      expect(restarts.rows[0].n).toBe(0);
    },
  );
});

describe('npm start wiring: SLAs and the bot', () => {
  it(
    "an opportunity idle past its SLA makes a task in the rep's queue and a card in the emulator's record of the rep's chat",
    { timeout: 120_000 },
    async () => {
      if (!running) await boot();
      const owner = running!.db.ownerKnex;
      const emulator = running!.bot!.emulator!;
      const tenant = (await owner('tenants').where({ slug: 'acme' }).first('id', 'entraTenantId')) as {
        id: string;
        entraTenantId: string;
      };
      // A rep of their own (the demo reps already had their day's reminders), who installs the bot.
      const repId = crypto.randomUUID();
      await owner('users').insert({
        tenantId: tenant.id,
        id: repId,
        email: `sla-rep-${Date.now()}@acme.test`,
        displayName: 'Sam Slow',
        entraObjectId: repId,
      });
      await owner('roleAssignments').insert({
        tenantId: tenant.id,
        id: crypto.randomUUID(),
        userId: repId,
        role: 'salesRep',
      });
      const install = await emulator.deliver(
        emulator.activities.installationUpdate(
          { aadObjectId: repId, name: 'Sam Slow', tenantId: tenant.entraTenantId },
          'add',
        ),
      );
      expect(install.status).toBe(200);
      const template = (await owner('opportunities').where({ tenantId: tenant.id, status: 'open' }).first()) as Record<
        string,
        unknown
      >;
      const oppId = crypto.randomUUID();
      // Idle for ten days in a pipeline whose policy allows 72 hours (the demo's): the workers find it on their own.
      await owner('opportunities').insert({
        tenantId: tenant.id,
        id: oppId,
        name: 'Idle since the launch',
        pipelineId: template.pipelineId,
        accountId: template.accountId,
        clientId: template.clientId,
        projectId: template.projectId,
        ownerId: repId,
        stage: template.stage,
        amount: '12000.00',
        currency: template.currency,
        probability: 0.3,
        stageEnteredAt: new Date(Date.now() - 10 * 86_400_000),
      });
      const task = await until('the SLA task', async () =>
        owner('tasks').where({ tenantId: tenant.id, ownerId: repId, opportunityId: oppId, origin: 'sla' }).first(),
      );
      expect(task.title).toContain('Idle since the launch');
      const conversation = (await owner('botConversations').where({ userId: repId }).first()).conversationId;
      const card = await until(
        "the card in the rep's chat",
        async () =>
          emulator.record(conversation).find((r) => JSON.stringify(r.activity).includes('Idle since the launch')),
        90_000,
      );
      expect(JSON.stringify(card.activity)).toContain('SLA breached');
    },
  );
});
