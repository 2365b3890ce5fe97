import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotConnectorEmulator, startBotConnectorEmulator } from './server';
import { type TestBot, startTestBot } from './testBot';
import type { InboundAuth, TeamsUser } from './types';

const APP_ID = '00000000-0000-0000-0000-0000000000b1';
const ANA: TeamsUser = { aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'Ana Ruiz', tenantId: 'tenant-1' };

describe('bot connector emulator: OpenID metadata and delivery to the bot', () => {
  let emulator: BotConnectorEmulator;
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot(() => emulator, APP_ID);
    emulator = await startBotConnectorEmulator({
      bots: [{ appId: APP_ID, appSecret: 's3cret', endpoint: bot.endpoint }],
    });
  });
  afterAll(async () => {
    await emulator.close();
    await bot.close();
  });

  it('publishes the OpenID metadata and an endorsed RS256 JWKS', async () => {
    const metadata = await (await fetch(emulator.openIdMetadataUrl)).json();
    expect(metadata).toEqual({
      issuer: 'https://api.botframework.com',
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${emulator.url}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
    const jwks = await (await fetch(metadata.jwks_uri)).json();
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', endorsements: ['msteams'] });
      expect(typeof key.kid).toBe('string');
      expect(key.d).toBeUndefined();
    }
  });

  it('delivers a validly signed message that a real validator accepts', async () => {
    const activity = emulator.activities.message(ANA, 'hello');
    const result = await emulator.deliver(activity);
    expect(result).toEqual({ status: 200, body: null });
    expect(bot.received.at(-1)).toEqual(activity);
    expect(activity).toMatchObject({
      type: 'message',
      text: 'hello',
      channelId: 'msteams',
      serviceUrl: emulator.serviceUrl,
      from: { aadObjectId: ANA.aadObjectId, name: 'Ana Ruiz' },
      recipient: { id: `28:${APP_ID}` },
      conversation: { conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      locale: 'en-US',
    });
    expect(activity.from.id).toMatch(/^29:/);
    expect(activity.conversation.id).toMatch(/^a:/);
  });

  it.each<InboundAuth>(['none', 'wrongKey', 'wrongAudience', 'expired', 'wrongIssuer'])(
    'a real validator rejects auth %s',
    async (auth) => {
      const before = bot.received.length;
      const result = await emulator.deliver(emulator.activities.message(ANA, 'nope'), { auth });
      expect(result.status).toBe(401);
      expect(bot.received.length).toBe(before);
    },
  );

  it('gives the same user the same ids, and invokes get the JSON answer back', async () => {
    const first = emulator.activities.installationUpdate(ANA, 'add');
    const invoke = emulator.activities.invokeAction(
      ANA,
      { verb: 'snooze', data: { taskId: 't1' } },
      { replyToId: '1:card', trigger: 'manual' },
    );
    expect(first).toMatchObject({ type: 'installationUpdate', action: 'add' });
    expect(invoke.from.id).toBe(first.from.id);
    expect(invoke.conversation.id).toBe(first.conversation.id);
    expect(invoke).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: '1:card',
      value: { action: { type: 'Action.Execute', verb: 'snooze', data: { taskId: 't1' } }, trigger: 'manual' },
    });
    expect((await emulator.deliver(first)).status).toBe(200);
    const answer = await emulator.deliver(invoke);
    expect(answer).toEqual({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' },
    });
  });
});
