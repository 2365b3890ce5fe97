import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config';
import { withTenant } from '#db/tenantTx';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

const AUDIENCE = 'api://pivotal-test';
const ENTRA_TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('auth: Entra ID access tokens against a local stand-in key set', () => {
  let t: TestApp;
  let acme: TestTenant;
  let jwks: http.Server;
  let key: CryptoKey;
  let otherKey: CryptoKey;

  const entraToken = (
    claims: Record<string, unknown>,
    opts: { signWith?: CryptoKey; iss?: string; aud?: string; exp?: number } = {},
  ) =>
    new SignJWT({ tid: ENTRA_TID, ver: '2.0', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'entra-test' })
      .setIssuer(opts.iss ?? `https://login.microsoftonline.com/${ENTRA_TID}/v2.0`)
      .setAudience(opts.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
      .sign(opts.signWith ?? key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'entra-test', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [publicJwk] })),
    );
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/discovery/v2.0/keys`;
    t = await createTestApp({ env: { ENTRA_AUDIENCE: AUDIENCE, ENTRA_JWKS_URL: jwksUrl } });
    acme = await t.tenant('acme');
    await withTenant(t.db.ownerKnex, { tenantId: acme.id, userId: null, clientIds: null }, async (trx) => {
      await trx('tenants').where({ id: acme.id }).update({ entraTenantId: ENTRA_TID });
      await trx('users').where({ tenantId: acme.id, id: acme.users.salesRep.id }).update({ entraObjectId: null });
    });
  });
  afterAll(async () => {
    await t?.close();
    jwks?.close();
  });

  const meStatus = async (token: string) => (await t.call('me.get', {}, token)).status;

  it('accepts a valid token of an onboarded tenant and maps oid to the user', async () => {
    const res = await t.call('me.get', {}, await entraToken({ oid: acme.users.admin.id }));
    expect(res.status).toBe(200);
    expect(res.body.data.user.id).toBe(acme.users.admin.id);
  });

  it('links a first-time Entra user by email, then recognises the oid alone', async () => {
    const oid = '00000000-0000-4000-8000-00000000abcd';
    expect(await meStatus(await entraToken({ oid, preferred_username: acme.users.salesRep.email }))).toBe(200);
    const row = await withTenant(t.db.ownerKnex, { tenantId: acme.id, userId: null, clientIds: null }, (trx) =>
      trx('users').where({ tenantId: acme.id, id: acme.users.salesRep.id }).first('entraObjectId'),
    );
    expect(row.entraObjectId).toBe(oid);
    expect(await meStatus(await entraToken({ oid }))).toBe(200);
  });

  it('stamps lastSignInAt of the user an Entra token maps to', async () => {
    const admin = await entraToken({ oid: acme.users.admin.id });
    const lastSignIn = async () =>
      (await t.call('user.get', { id: acme.users.analyst.id }, admin)).body.data.lastSignInAt as string | null;
    expect(await lastSignIn()).toBeNull();
    expect(await meStatus(await entraToken({ oid: acme.users.analyst.id }))).toBe(200);
    expect(await eventually(lastSignIn)).toEqual(expect.any(String));
  });

  it('refuses a wrong audience, a foreign signature, an expired token and an issuer that does not match tid', async () => {
    const oid = acme.users.admin.id;
    expect(await meStatus(await entraToken({ oid }, { aud: 'api://someone-else' }))).toBe(401);
    expect(await meStatus(await entraToken({ oid }, { signWith: otherKey }))).toBe(401);
    expect(await meStatus(await entraToken({ oid }, { exp: Math.floor(Date.now() / 1000) - 120 }))).toBe(401);
    expect(await meStatus(await entraToken({ oid }, { iss: 'https://login.microsoftonline.com/another/v2.0' }))).toBe(
      401,
    );
  });

  it('refuses a tenant that is not onboarded and a user that does not exist', async () => {
    const foreign = await new SignJWT({ tid: '11111111-1111-4111-8111-111111111111', oid: acme.users.admin.id })
      .setProtectedHeader({ alg: 'RS256', kid: 'entra-test' })
      .setIssuer('https://login.microsoftonline.com/11111111-1111-4111-8111-111111111111/v2.0')
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    expect(await meStatus(foreign)).toBe(401);
    expect(await meStatus(await entraToken({ oid: '22222222-2222-4222-8222-222222222222' }))).toBe(401);
  });
});

/** Polls `read` until it answers something other than null (the stamps are written in the background). */
async function eventually<T>(read: () => Promise<T | null>): Promise<T | null> {
  let value: T | null = null;
  for (let i = 0; i < 50 && value === null; i++) {
    value = await read();
    if (value === null) await new Promise((r) => setTimeout(r, 20));
  }
  return value;
}

describe('auth: last sign-in of users', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
  });
  afterAll(async () => t?.close());

  const lastSignIn = async (id: string) =>
    (await t.call('user.get', { id }, acme.users.admin.token)).body.data.lastSignInAt as string | null;

  it('stamps lastSignInAt when a dev token is verified, at most once a minute', async () => {
    expect(await lastSignIn(acme.users.salesRep.id)).toBeNull();
    const before = Date.now();
    expect((await t.call('me.get', {}, acme.users.salesRep.token)).status).toBe(200);
    const stamped = await eventually(() => lastSignIn(acme.users.salesRep.id));
    expect(stamped).toEqual(expect.any(String));
    expect(Date.parse(stamped!)).toBeGreaterThanOrEqual(before - 1000);
    const row = await t.db.ownerKnex('users').where({ tenantId: acme.id, id: acme.users.salesRep.id }).first('version');
    expect(row.version).toBe(1);
    // Verified again (the principal cache dropped) within the minute: no second write.
    t.services.auth.invalidate(acme.id);
    expect((await t.call('me.get', {}, acme.users.salesRep.token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastSignIn(acme.users.salesRep.id)).toBe(stamped);
  });

  it('never stamps a user whose token is refused', async () => {
    await t.db.ownerKnex('users').where({ tenantId: acme.id, id: acme.users.marketer.id }).update({ active: false });
    t.services.auth.invalidate(acme.id);
    expect((await t.call('me.get', {}, acme.users.marketer.token)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastSignIn(acme.users.marketer.id)).toBeNull();
  });
});

describe('auth: the bearer scheme', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
  });
  afterAll(async () => t?.close());

  const me = (authorization: string) =>
    fetch(`${t.baseUrl}/v1/me.get`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{}',
    });

  it('matches the scheme case-insensitively (RFC 9110), with any run of spaces before the token', async () => {
    const token = acme.users.salesRep.token;
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await me(`${scheme} ${token}`);
      expect(res.status, scheme).toBe(200);
      expect((await res.json()).data.user.id).toBe(acme.users.salesRep.id);
    }
    expect((await me(`bearer   ${token}  `)).status).toBe(200);
  });

  it('still refuses other schemes and a missing token with 401', async () => {
    const token = acme.users.salesRep.token;
    for (const header of [
      `Basic ${token}`,
      `Bearer`,
      `Bearer `,
      `Bearertoken${token}`,
      token,
      `Bearer ${token} extra`,
    ]) {
      const res = await me(header);
      expect(res.status, header).toBe(401);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
  });
});

describe('config: the dev issuer and production settings', () => {
  it('refuses to start with the dev sign-in on a HOST that is not a loopback address, naming HOST', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'example.com', '[::]']) {
      expect(() => loadConfig({ HOST: host }), host).toThrow(
        /HOST: .* is not a loopback address.*PIVOTAL_DEV_AUTH=off/s,
      );
      expect(() => loadConfig({ NODE_ENV: 'test', HOST: host }), host).toThrow(/HOST/);
    }
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      expect(loadConfig({ HOST: host }).devAuth, host).toBe(true);
    }
    expect(loadConfig({}).host).toBe('127.0.0.1');
    // Without the dev sign-in (or in production, where it is off) any interface will do.
    expect(loadConfig({ HOST: '0.0.0.0', PIVOTAL_DEV_AUTH: 'off' }).host).toBe('0.0.0.0');
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://x',
        ENTRA_AUDIENCE: 'a',
        PIVOTAL_MASTER_KEY: key,
      }).host,
    ).toBe('0.0.0.0');
  });

  it('refuses the dev issuer in production and names bad values', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', PIVOTAL_DEV_AUTH: 'on', DATABASE_URL: 'postgres://x', ENTRA_AUDIENCE: 'a' }),
    ).toThrow(/PIVOTAL_DEV_AUTH/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x', ENTRA_AUDIENCE: 'a', PIVOTAL_MASTER_KEY: key })
        .devAuth,
    ).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x', ENTRA_AUDIENCE: 'a' })).toThrow(
      /PIVOTAL_MASTER_KEY/,
    );
    expect(() => loadConfig({ PIVOTAL_MASTER_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/PIVOTAL_MASTER_KEY/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL/);
  });

  it('rejects dev tokens when the dev issuer is off', async () => {
    const dev = await createTestApp();
    const tenant = await dev.tenant('devco');
    const prodLike = await createTestApp({ env: { PIVOTAL_DEV_AUTH: 'off' } });
    try {
      const res = await prodLike.call('me.get', {}, tenant.users.admin.token);
      expect(res.status).toBe(401);
      expect((await fetch(`${prodLike.baseUrl}/dev/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await prodLike.close();
      await dev.close();
    }
  });
});
