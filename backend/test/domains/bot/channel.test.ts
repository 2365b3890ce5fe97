import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../../helpers/factories';
import { cardsOf, createBotFixture, textsOf, type BotFixture } from './botFixture';

let f: BotFixture;
const conversations = () => f.t.db.ownerKnex('botConversations').where({ tenantId: f.acme.id });

beforeAll(async () => {
  f = await createBotFixture();
});
afterAll(async () => f?.close());

describe('POST /api/messages: authentication', () => {
  it('refuses (401) an activity without a token or signed wrongly, and does nothing', async () => {
    const rep = f.teams(f.acme.users.salesRep.id, 'Rita Rep');
    for (const auth of ['none', 'wrongKey', 'wrongAudience', 'expired', 'wrongIssuer'] as const) {
      const res = await f.emulator.deliver(f.emulator.activities.installationUpdate(rep, 'add'), { auth });
      expect(res.status, auth).toBe(401);
    }
    expect(await conversations()).toHaveLength(0);
    expect(f.emulator.record()).toHaveLength(0);
  });

  it("refuses a valid token whose serviceurl is not the activity's (no redirecting the bot)", async () => {
    const activity = f.emulator.activities.message(f.teams(f.acme.users.salesRep.id), 'help');
    const res = await fetch(`${f.t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-jwt' },
      body: JSON.stringify({ ...activity, serviceUrl: 'https://evil.example/' }),
    });
    expect(res.status).toBe(401);
  });
});

describe('the Teams bot in a personal chat', () => {
  it('stores the conversation reference on install (welcome card), and forgets it on uninstall', async () => {
    const rep = f.teams(f.acme.users.salesRep.id, 'Rita Rep');
    expect((await f.emulator.deliver(f.emulator.activities.installationUpdate(rep, 'add'))).status).toBe(200);
    const [row] = await conversations().where({ userId: f.acme.users.salesRep.id });
    expect(row).toMatchObject({ aadObjectId: f.acme.users.salesRep.id, serviceUrl: f.emulator.serviceUrl });
    expect(row.reference).toMatchObject({ channelId: 'msteams', conversation: { id: row.conversationId } });
    const welcome = cardsOf(f.emulator.record(row.conversationId));
    expect(textsOf(welcome).join(' ')).toContain('my tasks');
    await f.emulator.deliver(f.emulator.activities.installationUpdate(rep, 'remove'));
    expect(await conversations().where({ userId: f.acme.users.salesRep.id })).toHaveLength(0);
  });

  it("answers 'my tasks' with the user's tasks due today, 'my pipeline' with their deals, anything else with help", async () => {
    const rep = f.teams(f.acme.users.salesManager.id, 'Max Manager');
    await f.emulator.deliver(f.emulator.activities.installationUpdate(rep, 'add'));
    const [row] = await conversations().where({ userId: f.acme.users.salesManager.id });
    await createTask(f.t.db.ownerKnex, f.acme.id, {
      ownerId: f.acme.users.salesManager.id,
      title: 'Call the buyer back',
      dueAt: new Date(Date.now() - 3_600_000),
    } as never);
    const say = async (text: string) => {
      const before = f.emulator.record(row.conversationId).length;
      expect((await f.emulator.deliver(f.emulator.activities.message(rep, text))).status).toBe(200);
      return textsOf(cardsOf(f.emulator.record(row.conversationId).slice(before))).join(' | ');
    };
    const tasks = await say('my tasks');
    expect(tasks).toContain('Call the buyer back');
    expect(tasks).toContain('Overdue');
    expect(await say('  My   Pipeline ')).toMatch(/pipeline/i);
    const help = await say('what can you do?');
    expect(help).toContain('my pipeline');
  });

  it('tells someone Pivotal does not know that it cannot help them, and stores nothing', async () => {
    const stranger = { aadObjectId: '11111111-2222-4333-8444-555555555555', name: 'Stranger', tenantId: f.acme.id };
    await f.emulator.deliver(f.emulator.activities.installationUpdate(stranger, 'add'));
    const sent = f.emulator.record().filter((r) => (r.activity as { text?: string }).text?.includes("can't find you"));
    expect(sent).toHaveLength(1);
    expect(await conversations().where({ aadObjectId: stranger.aadObjectId })).toHaveLength(0);
  });
});
