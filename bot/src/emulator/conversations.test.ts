import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BotConnectorEmulator, startBotConnectorEmulator } from './server';
import { callConnector, connectorToken } from './testBot';
import type { TeamsUser } from './types';

const APP_ID = 'app-conversations-test';
const ANA: TeamsUser = { aadObjectId: 'aaaaaaaa-0000-0000-0000-00000000000a', name: 'Ana Ruiz', tenantId: 'tenant-1' };
const createBody = (memberId: string) => ({
  bot: { id: `28:${APP_ID}` },
  members: [{ id: memberId }],
  channelData: { tenant: { id: 'tenant-1' } },
  isGroup: false,
});

describe('bot connector emulator: Conversations API', () => {
  let emulator: BotConnectorEmulator;
  let clock = Date.now();
  let token = '';
  let anaId = '';
  beforeAll(async () => {
    emulator = await startBotConnectorEmulator({
      bots: [{ appId: APP_ID, appSecret: 'secret', endpoint: 'http://127.0.0.1:9/unused' }],
      users: [ANA],
      now: () => clock,
      rateLimits: false,
    });
    anaId = emulator.addUser(ANA);
  });
  beforeEach(async () => {
    clock = Date.now();
    emulator.reset();
    token = await connectorToken(emulator, APP_ID, 'secret');
  });
  afterAll(() => emulator.close());

  const create = async (memberId = anaId) => {
    const created = await callConnector(emulator, 'POST', 'v3/conversations', token, createBody(memberId));
    return String(created.body.id);
  };

  it('creates the personal conversation once: same user, same id (by Teams id or object id)', async () => {
    const first = await callConnector(emulator, 'POST', 'v3/conversations', token, createBody(anaId));
    expect(first.status).toBe(201);
    expect(String(first.body.id)).toMatch(/^a:/);
    const again = await callConnector(emulator, 'POST', 'v3/conversations', token, createBody(ANA.aadObjectId));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(emulator.activities.message(ANA, 'hi').conversation.id).toBe(first.body.id);
  });

  it('refuses a user who has not installed the bot (403)', async () => {
    const stranger = await callConnector(emulator, 'POST', 'v3/conversations', token, createBody('29:1unknown'));
    expect(stranger.status).toBe(403);
  });

  it('records send, reply and update in order, keeping each version', async () => {
    const conversationId = await create();
    const base = `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    const sent = await callConnector(emulator, 'POST', base, token, { type: 'message', text: 'card v1' });
    expect(sent.status).toBe(201);
    const sentId = String(sent.body.id);
    const replied = await callConnector(emulator, 'POST', `${base}/${encodeURIComponent('1712')}`, token, {
      type: 'message',
      text: 'reply',
    });
    const updated = await callConnector(emulator, 'PUT', `${base}/${encodeURIComponent(sentId)}`, token, {
      type: 'message',
      text: 'card v2',
    });
    expect(updated).toMatchObject({ status: 200, body: { id: sentId } });
    const record = emulator.record(conversationId);
    expect(record.map((entry) => [entry.operation, entry.activityId, entry.activity.text])).toEqual([
      ['send', sentId, 'card v1'],
      ['reply', replied.body.id, 'reply'],
      ['update', sentId, 'card v2'],
    ]);
    expect(record[1]!.activity.replyToId).toBe('1712');
    expect(emulator.record()).toHaveLength(3);
    expect(emulator.record('a:other')).toEqual([]);
  });

  it('answers 404 to an update of an unknown activity and to an unknown conversation', async () => {
    const conversationId = encodeURIComponent(await create());
    const update = await callConnector(emulator, 'PUT', `v3/conversations/${conversationId}/activities/1:nope`, token, {
      type: 'message',
    });
    expect(update.status).toBe(404);
    const send = await callConnector(emulator, 'POST', 'v3/conversations/a%3Anope/activities', token, {
      type: 'message',
    });
    expect(send.status).toBe(404);
    expect(emulator.record()).toEqual([]);
  });

  it('answers 401 without a token, with a forged one, and once the token has expired', async () => {
    const conversationId = encodeURIComponent(await create());
    const path = `v3/conversations/${conversationId}/activities`;
    expect((await callConnector(emulator, 'POST', path, null, { type: 'message' })).status).toBe(401);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await callConnector(emulator, 'POST', path, forged, { type: 'message' })).status).toBe(401);
    expect((await callConnector(emulator, 'POST', path, 'not-a-jwt', { type: 'message' })).status).toBe(401);
    clock += 3_601_000;
    const expired = await callConnector(emulator, 'POST', path, token, { type: 'message' });
    expect(expired.status).toBe(401);
    expect(emulator.stats().unauthorized).toBe(4);
    expect(emulator.record()).toEqual([]);
  });

  it('refuses writes once the user removed the bot (403) and accepts them after a new install', async () => {
    const bot = { appId: APP_ID, appSecret: 'secret', endpoint: 'http://127.0.0.1:9/unused' };
    const conversationId = await create();
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    // A bot that accepts everything, so the installation updates reach it.
    const server = createServer((_request, response) => response.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    emulator.registerBot({ ...bot, endpoint: `http://127.0.0.1:${port}/api/messages` });
    await emulator.deliver(emulator.activities.installationUpdate(ANA, 'remove'));
    expect((await callConnector(emulator, 'POST', path, token, { type: 'message' })).status).toBe(403);
    await emulator.deliver(emulator.activities.installationUpdate(ANA, 'add'));
    expect((await callConnector(emulator, 'POST', path, token, { type: 'message' })).status).toBe(201);
    emulator.registerBot(bot);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
