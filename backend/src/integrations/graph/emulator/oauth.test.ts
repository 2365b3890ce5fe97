import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from './server';
import { callEmulator } from './testClient';

const ANA = 'ana@agency.example';
const BEN = 'ben@client.example';
const CLIENT = 'pivotal-client-id';
const REDIRECT = 'http://localhost:5173/auth/callback';
const SCOPE = 'openid profile offline_access Mail.ReadWrite';

describe('graph emulator: OAuth', () => {
  let emulator: GraphEmulator;
  let benUserId = '';
  beforeAll(async () => {
    emulator = await startGraphEmulator();
    emulator.control.seedMailbox({ address: ANA, displayName: 'Ana Ruiz', messages: 2, days: 7 });
    benUserId = emulator.control.seedMailbox({ address: BEN, displayName: 'Ben Ode', messages: 2, days: 7 }).userId;
  });
  afterAll(() => emulator.close());

  const authorize = async (challenge: string) => {
    const query = new URLSearchParams({
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: SCOPE,
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await callEmulator(emulator, 'GET', `/common/oauth2/v2.0/authorize?${query}`, { token: null });
    expect(res.status).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    return location.searchParams.get('code') ?? '';
  };
  const token = (form: Record<string, string>) =>
    callEmulator(emulator, 'POST', '/common/oauth2/v2.0/token', { token: null, form: { client_id: CLIENT, ...form } });
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };

  it('signs in as the login_hint account when no one else signs in (the pre-filled account)', async () => {
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: SCOPE,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      login_hint: BEN,
    });
    const res = await callEmulator(emulator, 'GET', `/common/oauth2/v2.0/authorize?${query}`, { token: null });
    const code = new URL(String(res.headers.location)).searchParams.get('code') ?? '';
    const issued = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      scope: SCOPE,
    });
    const [, payload] = String(issued.body.id_token).split('.');
    // ANA was seeded first (the default account): the hint chose BEN.
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))).toMatchObject({
      oid: benUserId,
      preferred_username: BEN,
    });
  });

  it('authorize -> token with PKCE -> Graph call attributed to the signed-in user', async () => {
    emulator.control.signInAs(BEN);
    const { verifier, challenge } = pkce();
    const code = await authorize(challenge);
    const res = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      scope: SCOPE,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      scope: SCOPE,
      expires_in: expect.any(Number),
      refresh_token: expect.any(String),
    });
    const [, payload] = String(res.body.id_token).split('.');
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))).toMatchObject({
      oid: benUserId,
      preferred_username: BEN,
      name: 'Ben Ode',
      tid: expect.any(String),
    });
    expect(JSON.parse(Buffer.from(String(res.body.client_info), 'base64url').toString('utf8'))).toMatchObject({
      uid: benUserId,
      utid: expect.any(String),
    });
    const accessToken = String(res.body.access_token);
    const graph = await callEmulator(emulator, 'GET', `/v1.0/users/${BEN}/mailFolders/inbox`, { token: accessToken });
    expect(graph.status).toBe(200);
    expect(emulator.control.requests().at(-1)).toMatchObject({ token: accessToken, signedInAs: BEN, mailbox: BEN });
    expect(
      (await callEmulator(emulator, 'GET', `/v1.0/users/${BEN}/mailFolders/inbox`, { token: 'made-up' })).status,
    ).toBe(401);
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const code = await authorize(pkce().challenge);
    const res = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: pkce().verifier,
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('refreshes, and answers invalid_grant (AADSTS50173) once the failure switch is set', async () => {
    const { verifier, challenge } = pkce();
    const first = await token({
      grant_type: 'authorization_code',
      code: await authorize(challenge),
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
      scope: SCOPE,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    emulator.control.failNextRefresh();
    const failed = await token({
      grant_type: 'refresh_token',
      refresh_token: String(refreshed.body.refresh_token),
      scope: SCOPE,
    });
    expect(failed.status).toBe(400);
    expect(failed.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    expect(String(failed.body.error_description)).toMatch(/^AADSTS50173/);
  });

  it('issues app-only tokens and serves the discovery documents', async () => {
    const app = await token({
      grant_type: 'client_credentials',
      client_secret: 's',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(app.status).toBe(200);
    expect(
      (
        await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/mailFolders/inbox`, {
          token: String(app.body.access_token),
        })
      ).status,
    ).toBe(200);
    const config = await callEmulator(emulator, 'GET', '/common/v2.0/.well-known/openid-configuration', {
      token: null,
    });
    expect(config.body.token_endpoint).toBe(`${emulator.url}/common/oauth2/v2.0/token`);
    const instance = await callEmulator(emulator, 'GET', '/common/discovery/instance?api-version=1.1', { token: null });
    expect(instance.body.tenant_discovery_endpoint).toContain('/v2.0/.well-known/openid-configuration');
  });
});
