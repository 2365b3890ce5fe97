import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotConnectorEmulator, startBotConnectorEmulator } from './server';
import { requestToken } from './testBot';

const APP_ID = 'app-token-test';
const GOOD = {
  grant_type: 'client_credentials',
  client_id: APP_ID,
  client_secret: 'right',
  scope: 'https://api.botframework.com/.default',
};

describe('bot connector emulator: outbound token endpoint', () => {
  let emulator: BotConnectorEmulator;
  beforeAll(async () => {
    emulator = await startBotConnectorEmulator({
      bots: [{ appId: APP_ID, appSecret: 'right', endpoint: 'http://127.0.0.1:9/unused' }],
    });
  });
  afterAll(() => emulator.close());

  it('issues a Bearer JWT for the Connector to the right client credentials', async () => {
    const response = await requestToken(emulator, GOOD);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ aud: 'https://api.botframework.com', appid: APP_ID, azp: APP_ID });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(emulator.stats().tokensIssued).toBe(1);
  });

  it('refuses a wrong secret and an unknown client with 401 invalid_client', async () => {
    for (const form of [
      { ...GOOD, client_secret: 'wrong' },
      { ...GOOD, client_id: 'someone-else' },
    ]) {
      const response = await requestToken(emulator, form);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).toMatch(/^AADSTS\d+: /);
    }
  });

  it('refuses another grant type or scope with 400', async () => {
    expect((await requestToken(emulator, { ...GOOD, grant_type: 'password' })).status).toBe(400);
    const scoped = await requestToken(emulator, { ...GOOD, scope: 'https://graph.microsoft.com/.default' });
    expect(scoped.status).toBe(400);
    expect((await scoped.json()).error).toBe('invalid_scope');
  });

  it('answers injected faults on the token endpoint', async () => {
    emulator.failNext({ status: 503, match: 'token', retryAfterSeconds: 7 });
    const failed = await requestToken(emulator, GOOD);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect((await requestToken(emulator, GOOD)).status).toBe(200);
  });
});
