import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcsEmulator, startAcsEmulator } from './server';

type Policy = { name: string; sendRequest: (request: any, next: (request: any) => Promise<any>) => Promise<any> };
/** A client whose requests are altered after the SDK signed them. */
const tampered = (emulator: AcsEmulator, policy: Policy) =>
  new CommunicationIdentityClient(emulator.connectionString, {
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy, position: 'perRetry' }],
  });

describe('ACS emulator: @azure/communication-identity', () => {
  let emulator: AcsEmulator;
  let client: CommunicationIdentityClient;
  const defaults = getCACertificates('default');
  beforeAll(async () => {
    emulator = await startAcsEmulator();
    setDefaultCACertificates([...defaults, emulator.caPem]);
    client = new CommunicationIdentityClient(emulator.connectionString, { retryOptions: { maxRetries: 0 } });
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await emulator.close();
  });

  it('creates users and issues scoped tokens with the asked expiry (ACS default 24 h)', async () => {
    const user = await client.createUser();
    expect(user.communicationUserId).toMatch(new RegExp(`^8:acs:${emulator.resourceId}_`));
    const hour = await client.getToken(user, ['voip'], { tokenExpiresInMinutes: 60 });
    expect(hour.expiresOn.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(hour.expiresOn.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const claims = decodeJwt(hour.token);
    expect(claims).toMatchObject({ acsScope: 'voip', resourceId: emulator.resourceId });
    expect(claims.exp).toBe(Math.floor(hour.expiresOn.getTime() / 1000));
    const both = await client.createUserAndToken(['chat', 'voip']);
    expect(decodeJwt(both.token).acsScope).toBe('chat,voip');
    expect(both.expiresOn.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
  });

  it('refuses a lifetime outside 60..1440 minutes and unknown scopes with 400', async () => {
    const user = await client.createUser();
    await expect(client.getToken(user, ['voip'], { tokenExpiresInMinutes: 30 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'ValidationError',
    });
    await expect(client.getToken(user, ['voip'], { tokenExpiresInMinutes: 1441 })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(client.getToken(user, ['admin' as never])).rejects.toMatchObject({ statusCode: 400 });
  });

  it('revokes tokens and deletes users (then 404)', async () => {
    const user = await client.createUser();
    await client.revokeTokens(user);
    expect(
      emulator.control.identities().find((i) => i.id === user.communicationUserId)?.tokensRevokedAt,
    ).not.toBeNull();
    await client.deleteUser(user);
    await expect(client.getToken(user, ['voip'])).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses a wrong access key, a tampered body and a stale date with 401 Denied', async () => {
    const wrongKey = emulator.connectionString.replace(
      /accesskey=.*/,
      `accesskey=${Buffer.alloc(32, 7).toString('base64')}`,
    );
    const stranger = new CommunicationIdentityClient(wrongKey, { retryOptions: { maxRetries: 0 } });
    await expect(stranger.createUser()).rejects.toMatchObject({ statusCode: 401, code: 'Denied' });
    const body = tampered(emulator, {
      name: 'tamper-body',
      sendRequest: (request, next) => {
        request.body = JSON.stringify({ createTokenWithScopes: ['chat', 'voip'] });
        return next(request);
      },
    });
    await expect(body.createUserAndToken(['voip'])).rejects.toMatchObject({ statusCode: 401, code: 'Denied' });
    const stale = tampered(emulator, {
      name: 'stale-date',
      sendRequest: (request, next) => {
        request.headers.set('x-ms-date', new Date(Date.now() - 20 * 60_000).toUTCString());
        return next(request);
      },
    });
    await expect(stale.createUser()).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('stale'),
    });
  });
});
