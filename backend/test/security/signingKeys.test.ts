import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#app';
import {
  loadSigningKey,
  resealSigningKeys,
  RETIRED_KEY_GRACE_MS,
  rotateSigningKey,
  signingKeyLabel,
  signingKeySet,
} from '#auth/signingKeys';
import { EMBED_ISSUER, PIVOTAL_AUDIENCE } from '#auth/tokens';
import { createKnex } from '#db/knex';
import { handlers } from '#domains/handlers';
import type { Services } from '#http/types';
import { createLogger } from '#observability/logger';
import { createMetrics } from '#observability/metrics';
import { masterKeyIdOf, openWithMaster } from '#security/masterSealing';
import { configureMasterKeys, masterKeyring, newMasterKey } from '#security/masterKeys';
import { buildServices } from '#services';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

let t: TestApp;
let acme: TestTenant;
const servers: http.Server[] = [];
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
});
afterAll(async () => {
  for (const s of servers) s.close();
  await t?.close();
});

/** Another API process on the same database (what a restart or a second instance is). */
async function anotherProcess(): Promise<{ services: Services; baseUrl: string }> {
  const services = await buildServices(t.config, t.db.appKnex);
  const app = createApp({
    config: t.config,
    knex: t.db.appKnex,
    services,
    handlers,
    log: createLogger('silent'),
    metrics: createMetrics(false),
  });
  const server = http.createServer(app.callback());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { services, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const embedToken = async (baseUrl: string) => {
  const res = await fetch(`${baseUrl}/v1/auth.embedToken.create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${acme.users.admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: acme.clientId }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { token: string } }).data.token;
};
const statusWith = async (baseUrl: string, token: string) =>
  (
    await fetch(`${baseUrl}/v1/pipeline.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    })
  ).status;
const rowText = (row: Record<string, unknown>) =>
  Object.values(row)
    .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : JSON.stringify(v)))
    .join('\n');

describe('token-signing keys at rest', () => {
  it('keeps no private key in clear for the app role or the owner, and tokens still verify', async () => {
    for (const knex of [t.db.appKnex, t.db.ownerKnex]) {
      const rows = await knex('signingKeys').select('*');
      expect(rows.map((r) => r.purpose).sort()).toEqual(['dev', 'embed']);
      for (const row of rows) {
        expect(row).not.toHaveProperty('privateJwk');
        expect(row.publicJwk).not.toHaveProperty('d');
        const { d } = JSON.parse(
          (await openWithMaster(signingKeyLabel(row.kid), row.privateSealed)).toString('utf8'),
        ) as { d: string };
        expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(rowText(row)).not.toContain(d);
        expect(rowText(row)).not.toContain('"d"');
      }
    }
    // Dev sign-in tokens (the test users') and embed tokens are signed with the sealed keys and verify.
    expect(await statusWith(t.baseUrl, acme.users.admin.token)).toBe(200);
    expect(await statusWith(t.baseUrl, await embedToken(t.baseUrl))).toBe(200);
  });

  it('keeps verifying with the keys it knows when the database cannot be read for a refresh', async () => {
    const knex = createKnex(t.db.appUrl, { pool: { min: 0, max: 1 }, applicationName: 'test-keyset' });
    const keys = signingKeySet(knex, 'embed', 0);
    const token = await embedToken(t.baseUrl);
    const verify = () => jwtVerify(token, keys, { issuer: EMBED_ISSUER, audience: PIVOTAL_AUDIENCE });
    await expect(verify()).resolves.toBeTruthy();
    await knex.destroy();
    await expect(verify()).resolves.toBeTruthy();
    await expect(
      jwtVerify(token, signingKeySet(knex, 'embed'), { issuer: EMBED_ISSUER, audience: PIVOTAL_AUDIENCE }),
    ).rejects.toThrow();
  });

  it('refuses to open a sealed key moved to another row', async () => {
    const [a, b] = await t.db.ownerKnex('signingKeys').select('kid', 'privateSealed').orderBy('kid');
    await expect(openWithMaster(signingKeyLabel(b.kid), a.privateSealed)).rejects.toThrow(/authentication/);
  });
});

describe('pivotal key rotate --signing', () => {
  it('makes a new key active; tokens of the replaced key verify until its grace ends, then are refused', async () => {
    const before = await embedToken(t.baseUrl);
    const oldKid = decodeProtectedHeader(before).kid;
    const rotation = await rotateSigningKey(t.db.ownerKnex, 'embed');
    expect(rotation.retired).toEqual([oldKid]);
    expect(rotation.kid).not.toBe(oldKid);

    // A restarted process signs with the new key; the old process verifies it at once (unknown kid: reload).
    const restarted = await anotherProcess();
    expect(restarted.services.keys.embed.kid).toBe(rotation.kid);
    const after = await embedToken(restarted.baseUrl);
    expect(decodeProtectedHeader(after).kid).toBe(rotation.kid);
    for (const base of [t.baseUrl, restarted.baseUrl]) {
      expect(await statusWith(base, before)).toBe(200);
      expect(await statusWith(base, after)).toBe(200);
    }

    // Past the grace period the retired key verifies nothing, and the next rotation deletes it.
    await t.db
      .ownerKnex('signingKeys')
      .where({ kid: oldKid })
      .update({ retiredAt: new Date(Date.now() - RETIRED_KEY_GRACE_MS - 60_000) });
    const later = await anotherProcess();
    expect(await statusWith(later.baseUrl, before)).toBe(401);
    expect(await statusWith(later.baseUrl, after)).toBe(200);
    const next = await rotateSigningKey(t.db.ownerKnex, 'embed');
    expect(next).toMatchObject({ retired: [rotation.kid], deleted: [oldKid] });
    expect(await t.db.ownerKnex('signingKeys').where({ kid: oldKid }).first()).toBeUndefined();
  });

  it('reseals the private keys under a new master key, and they still sign', async () => {
    const firstMaster = (await masterKeyring()).current.key.toString('base64');
    const secondMaster = newMasterKey();
    await configureMasterKeys({
      masterKeys: { current: secondMaster, retired: [firstMaster] },
      dataDir: '/nonexistent',
    });
    const count = (await t.db.ownerKnex('signingKeys')).length;
    expect(await resealSigningKeys(t.db.ownerKnex)).toBe(count);
    expect(await resealSigningKeys(t.db.ownerKnex)).toBe(0);
    const { current } = await masterKeyring();
    for (const row of await t.db.ownerKnex('signingKeys')) expect(masterKeyIdOf(row.privateSealed)).toBe(current.id);
    // The first master key is gone: the keys open with the second alone.
    await configureMasterKeys({ masterKeys: { current: secondMaster, retired: [] }, dataDir: '/nonexistent' });
    expect((await loadSigningKey(t.db.appKnex, 'embed')).kid).toBeTruthy();
  });
});

describe('migration 20261206000310 (seal signing keys)', () => {
  it('seals the clear private keys of existing rows, and the rollback restores them', async () => {
    const migration = await import('#db/migrations/20261206000310_seal_signing_keys');
    await t.db.ownerKnex.transaction(async (trx) => {
      await migration.down(trx);
      const jwk = {
        kty: 'EC',
        crv: 'P-256',
        x: 'x-value',
        y: 'y-value',
        d: 'd-secret-value',
        kid: 'legacy-1',
        alg: 'ES256',
      };
      await trx.raw(
        `INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, purpose) VALUES ('legacy-1', 'ES256', ?::jsonb, '{}', 'embed')`,
        [JSON.stringify(jwk)],
      );
      await migration.up(trx);
      const row = (await trx.raw(`SELECT * FROM signing_keys WHERE kid = 'legacy-1'`)).rows[0];
      expect(row).not.toHaveProperty('private_jwk');
      expect(row.private_sealed.includes(Buffer.from('d-secret-value'))).toBe(false);
      expect(
        JSON.parse((await openWithMaster(signingKeyLabel('legacy-1'), row.private_sealed)).toString('utf8')),
      ).toEqual(jwk);
      await migration.down(trx);
      expect(
        (await trx.raw(`SELECT private_jwk FROM signing_keys WHERE kid = 'legacy-1'`)).rows[0].private_jwk,
      ).toEqual(jwk);
      await migration.up(trx);
      await trx.raw(`DELETE FROM signing_keys WHERE kid = 'legacy-1'`);
    });
  });
});
