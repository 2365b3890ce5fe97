import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

const PORTAL = 'https://portal.agency.example';
const METRICS_TOKEN = 'metrics-token-0123456789';

/** Issue 12, item 8: framing, sniffing, caching, HSTS, CORS and /metrics. */
describe('browser hardening', () => {
  let t: TestApp;
  let prod: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp({
      env: { PIVOTAL_CORS_ORIGINS: `${PORTAL},http://localhost:5173`, PIVOTAL_METRICS_TOKEN: METRICS_TOKEN },
    });
    // The master keyring is the process's: the production app must run on the key the test keys are sealed under.
    const masterKey = (await readFile(path.join(loadConfig({}).dataDir, 'master-key'), 'utf8')).trim();
    prod = await createTestApp({
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused',
        ENTRA_AUDIENCE: 'api://pivotal',
        PIVOTAL_MASTER_KEY: masterKey,
      },
    });
    acme = await t.tenant('acme');
  });
  afterAll(async () => {
    await t?.close();
    await prod?.close();
  });

  it('lets only Teams, Outlook and Microsoft 365 frame the pages, and asks browsers not to sniff or cache answers', async () => {
    for (const path of ['/app/teams/', '/app/outlook/', '/healthz', '/v1/me.get']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      const policy = res.headers.get('content-security-policy') ?? '';
      const ancestors = /frame-ancestors ([^;]+)/.exec(policy)?.[1]?.split(' ') ?? [];
      expect(ancestors, path).toEqual(
        expect.arrayContaining([
          "'self'",
          'https://teams.microsoft.com',
          'https://*.teams.microsoft.com',
          'https://outlook.office.com',
          'https://*.cloud.microsoft',
        ]),
      );
      expect(
        ancestors.some((a) => a === '*' || a.startsWith('http:')),
        path,
      ).toBe(false);
      expect(res.headers.get('x-frame-options'), path).toBeNull();
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    const api = await t.call('me.get', {}, acme.users.salesRep.token);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('strict-transport-security')).toBeNull();
  });

  it("lets office.js load into the Outlook pane only, from Microsoft's CDN", async () => {
    const scripts = async (path: string) => {
      const policy = (await fetch(`${t.baseUrl}${path}`)).headers.get('content-security-policy') ?? '';
      return /script-src ([^;]+)/.exec(policy)?.[1]?.split(' ') ?? [];
    };
    expect(await scripts('/app/outlook/')).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
    expect(await scripts('/app/outlook/chunks/x.js')).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
    for (const path of ['/app/teams/', '/v1/me.get', '/app/outlookish/'])
      expect(await scripts(path), path).toEqual(["'self'"]);
  });

  it('tells the pane how to sign in: the Entra client id and the scope on the public host, nulls without Entra', async () => {
    const dev = await fetch(`${t.baseUrl}/app/outlook/config.json`);
    expect(await dev.json()).toEqual({ clientId: null, scope: null });
    const clientId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const withEntra = await createTestApp({
      env: { ENTRA_AUDIENCE: clientId, PUBLIC_URL: 'https://pivotal.agency.example' },
    });
    try {
      const res = await fetch(`${withEntra.baseUrl}/app/outlook/config.json`);
      expect(await res.json()).toEqual({ clientId, scope: `api://pivotal.agency.example/${clientId}/access_as_user` });
    } finally {
      await withEntra.close();
    }
  });

  it('sends HSTS in production on requests that reached the proxy over https only', async () => {
    const secure = await fetch(`${prod.baseUrl}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.headers.get('strict-transport-security')).toMatch(/^max-age=31536000; includeSubDomains$/);
    const plain = await fetch(`${prod.baseUrl}/healthz`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers CORS for the configured portals only', async () => {
    const allowed = await fetch(`${t.baseUrl}/v1/me.get`, {
      method: 'OPTIONS',
      headers: {
        origin: PORTAL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const call = await t.call('me.get', {}, acme.users.salesRep.token, { headers: { origin: PORTAL } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe(PORTAL);
    for (const origin of ['https://evil.example', 'https://portal.agency.example.evil.example', 'null']) {
      const other = await t.call('me.get', {}, acme.users.salesRep.token, { headers: { origin } });
      expect(other.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    expect(
      (await fetch(`${prod.baseUrl}/healthz`, { headers: { origin: PORTAL } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  it('serves /metrics only with its token when one is set, and never in production without one', async () => {
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    expect(
      (await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(404);
    const ok = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('pivotal_operation_duration_seconds');
    expect((await fetch(`${prod.baseUrl}/metrics`)).status).toBe(404);
  });

  it('refuses a CORS origin list with anything but bare origins', async () => {
    expect(() => loadConfig({ PIVOTAL_CORS_ORIGINS: 'https://portal.example/path' })).toThrow(/PIVOTAL_CORS_ORIGINS/);
    expect(() => loadConfig({ PIVOTAL_CORS_ORIGINS: '*' })).toThrow(/PIVOTAL_CORS_ORIGINS/);
    expect(loadConfig({ PIVOTAL_CORS_ORIGINS: 'https://a.example, https://b.example:8443/' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
  });
});
