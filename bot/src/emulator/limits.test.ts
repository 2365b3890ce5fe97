import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BotConnectorEmulator, startBotConnectorEmulator } from './server';
import { callConnector, connectorToken } from './testBot';
import type { TeamsUser } from './types';

const APP_ID = 'app-limits-test';
const ANA: TeamsUser = { aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000a1', name: 'Ana Ruiz', tenantId: 'tenant-1' };
const BEN: TeamsUser = { aadObjectId: 'bbbbbbbb-0000-0000-0000-0000000000b1', name: 'Ben Ode', tenantId: 'tenant-1' };

describe('bot connector emulator: rate limits and injected faults', () => {
  let emulator: BotConnectorEmulator;
  let clock = 0;
  let token = '';
  const paths: Record<string, string> = {};
  beforeAll(async () => {
    clock = Date.now();
    emulator = await startBotConnectorEmulator({
      bots: [{ appId: APP_ID, appSecret: 'secret', endpoint: 'http://127.0.0.1:9/unused' }],
      now: () => clock,
    });
    for (const user of [ANA, BEN]) {
      const id = emulator.addUser(user);
      const created = await callConnector(
        emulator,
        'POST',
        'v3/conversations',
        await connectorToken(emulator, APP_ID, 'secret'),
        {
          bot: { id: `28:${APP_ID}` },
          members: [{ id }],
          channelData: { tenant: { id: 'tenant-1' } },
          isGroup: false,
        },
      );
      paths[user.name] = `v3/conversations/${encodeURIComponent(String(created.body.id))}/activities`;
    }
  });
  beforeEach(async () => {
    // A clean minute later each time, so no budget carries over between tests.
    clock += 3_600_000;
    emulator.reset();
    token = await connectorToken(emulator, APP_ID, 'secret');
  });
  afterAll(() => emulator.close());

  const send = (user: TeamsUser) =>
    callConnector(emulator, 'POST', paths[user.name]!, token, { type: 'message', text: 'x' });

  it('answers 429 with Retry-After past 7 writes a second, per conversation, and accepts again after the window', async () => {
    for (let i = 0; i < 7; i += 1) expect((await send(ANA)).status).toBe(201);
    const refused = await send(ANA);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ error: { code: 'Throttled' } });
    // Another conversation has its own budget.
    expect((await send(BEN)).status).toBe(201);
    clock += 1_000;
    expect((await send(ANA)).status).toBe(201);
    expect(emulator.stats()).toMatchObject({ rateLimited: 1, tooManyRequests: 1, accepted: 9 });
    expect(emulator.record()).toHaveLength(9);
  });

  it('enforces the 8-per-2-seconds window', async () => {
    for (let i = 0; i < 7; i += 1) await send(ANA);
    clock += 1_000;
    expect((await send(ANA)).status).toBe(201);
    const twoSecond = await send(ANA);
    expect(twoSecond.status).toBe(429);
    expect(twoSecond.headers.get('retry-after')).toBe('1');
  });

  it('enforces the 60-per-30-seconds window: Retry-After is when the oldest write leaves it', async () => {
    // 4 writes a second stay under 7/1 s and 8/2 s; 15 seconds of that reach 60.
    for (let second = 0; second < 15; second += 1) {
      for (let i = 0; i < 4; i += 1) expect((await send(ANA)).status).toBe(201);
      if (second < 14) clock += 1_000;
    }
    const refused = await send(ANA);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('16');
    clock += 15_000;
    expect((await send(ANA)).status).toBe(429);
    clock += 1_000;
    expect((await send(ANA)).status).toBe(201);
  });

  it('applies configured limits, and none when turned off', async () => {
    const strict = await startBotConnectorEmulator({
      bots: [{ appId: APP_ID, appSecret: 'secret', endpoint: 'http://127.0.0.1:9/unused' }],
      rateLimits: [{ limit: 1, windowSeconds: 10 }],
    });
    const open = await startBotConnectorEmulator({
      bots: [{ appId: APP_ID, appSecret: 'secret', endpoint: 'http://127.0.0.1:9/unused' }],
      rateLimits: false,
    });
    for (const [instance, expected] of [
      [strict, [201, 429]],
      [open, Array<number>(20).fill(201)],
    ] as const) {
      const id = instance.addUser(ANA);
      const bearer = await connectorToken(instance, APP_ID, 'secret');
      const created = await callConnector(instance, 'POST', 'v3/conversations', bearer, {
        members: [{ id }],
        channelData: { tenant: { id: 'tenant-1' } },
      });
      const path = `v3/conversations/${encodeURIComponent(String(created.body.id))}/activities`;
      const statuses: number[] = [];
      for (const _ of expected)
        statuses.push((await callConnector(instance, 'POST', path, bearer, { type: 'message' })).status);
      expect(statuses).toEqual(expected);
      await instance.close();
    }
  });

  it('failNext answers 503 and 429 the asked number of times, then recovers', async () => {
    emulator.failNext({ status: 503, times: 2, match: 'send' });
    emulator.failNext({ status: 429, retryAfterSeconds: 5, match: 'send' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const answer = await send(ANA);
      statuses.push(answer.status);
      if (answer.status === 429) expect(answer.headers.get('retry-after')).toBe('5');
    }
    expect(statuses).toEqual([503, 503, 429, 201]);
    expect(emulator.stats()).toMatchObject({ injectedFaults: 3, tooManyRequests: 1, rateLimited: 0, accepted: 1 });
    expect(emulator.record()).toHaveLength(1);
  });

  it('failNext matches only its operation (an update fault lets sends through)', async () => {
    emulator.failNext({ status: 500, match: 'update' });
    const sent = await send(ANA);
    expect(sent.status).toBe(201);
    const update = await callConnector(
      emulator,
      'PUT',
      `${paths[ANA.name]}/${encodeURIComponent(String(sent.body.id))}`,
      token,
      {
        type: 'message',
      },
    );
    expect(update.status).toBe(500);
    emulator.failNext({ status: 401 });
    expect((await send(ANA)).status).toBe(401);
  });
});
