import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsUserId } from './identity';
import { type BotConnectorEmulator, startBotConnectorEmulator } from './server';
import { type TestBot, callConnector, connectorToken, startTestBot } from './testBot';

const APP_ID = 'app-control-test';
const CARA = { aadObjectId: 'cccccccc-0000-0000-0000-0000000000c1', name: 'Cara Lind', tenantId: 'tenant-2' };

describe('bot connector emulator: /_emulator control routes', () => {
  let emulator: BotConnectorEmulator;
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot(() => emulator, APP_ID);
    emulator = await startBotConnectorEmulator({ bots: [] });
    // The backend registers its endpoint once it knows its port.
    emulator.registerBot({ appId: APP_ID, appSecret: 'secret', endpoint: bot.endpoint });
  });
  afterAll(async () => {
    await emulator.close();
    await bot.close();
  });
  const post = (path: string, body: unknown) =>
    fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('install delivers a signed installationUpdate add and lists the conversation', async () => {
    const response = await post('/_emulator/install', CARA);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ delivered: true, botStatus: 200 });
    expect(bot.received.at(-1)).toMatchObject({
      type: 'installationUpdate',
      action: 'add',
      from: { name: 'Cara Lind' },
    });
    const conversations = await (await fetch(`${emulator.url}/_emulator/conversations`)).json();
    expect(conversations).toEqual([
      {
        conversationId: bot.received.at(-1)!.conversation.id,
        botAppId: APP_ID,
        installed: true,
        user: { id: teamsUserId(CARA.aadObjectId), ...CARA },
      },
    ]);
  });

  it('say delivers a message from a known user; unknown users are 404, bad bodies 400', async () => {
    const said = await post('/_emulator/say', { aadObjectId: CARA.aadObjectId, text: 'what is due?' });
    expect(said.status).toBe(200);
    expect(bot.received.at(-1)).toMatchObject({
      type: 'message',
      text: 'what is due?',
      from: { aadObjectId: CARA.aadObjectId },
    });
    expect((await post('/_emulator/say', { aadObjectId: 'nobody', text: 'hi' })).status).toBe(404);
    expect((await post('/_emulator/say', { text: 'hi' })).status).toBe(400);
    expect((await post('/_emulator/install', { aadObjectId: 'x' })).status).toBe(400);
  });

  it('activities shows what the bot sent, filtered by conversation', async () => {
    const conversationId = bot.received.at(-1)!.conversation.id;
    const token = await connectorToken(emulator, APP_ID, 'secret');
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    await callConnector(emulator, 'POST', path, token, { type: 'message', text: 'Two tasks are due today.' });
    const all = await (await fetch(`${emulator.url}/_emulator/activities`)).json();
    const mine = await (
      await fetch(`${emulator.url}/_emulator/activities?conversationId=${encodeURIComponent(conversationId)}`)
    ).json();
    const other = await (await fetch(`${emulator.url}/_emulator/activities?conversationId=a%3Aother`)).json();
    expect(mine).toEqual(all);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      operation: 'send',
      conversationId,
      activity: { text: 'Two tasks are due today.' },
    });
    expect(other).toEqual([]);
    const stats = await (await fetch(`${emulator.url}/_emulator/stats`)).json();
    expect(stats).toMatchObject({ accepted: 1, tokensIssued: 1 });
  });
});
