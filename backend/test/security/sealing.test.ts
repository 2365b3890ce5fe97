import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '#db/seeds/tenants';
import { withTenant } from '#db/tenantTx';
import { configureMasterKeys, newMasterKey } from '#security/masterKeys';
import { open, openText, rewrapDataKeys, rotateDataKey, seal, SealError } from '#security/sealing';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
let a: string;
let b: string;
const firstMaster = newMasterKey();
const asTenant = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(db.appKnex, { tenantId, userId: null, clientIds: null }, fn);

beforeAll(async () => {
  db = await createTestDatabase();
  await configureMasterKeys({ masterKeys: { current: firstMaster, retired: [] }, dataDir: '/nonexistent' });
  a = (await createTenant(db.ownerKnex, { slug: 'seal-a', name: 'A' })).id;
  b = (await createTenant(db.ownerKnex, { slug: 'seal-b', name: 'B' })).id;
});
afterAll(async () => {
  await db.destroy();
});

describe('sealing', () => {
  it('round-trips text and bytes, with a fresh IV each time', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await asTenant(a, async (trx) => {
      const one = await seal(trx, a, 'hello mail body');
      const two = await seal(trx, a, 'hello mail body');
      expect(one.equals(two)).toBe(false);
      expect(one.includes(Buffer.from('hello'))).toBe(false);
      expect(await openText(trx, a, one)).toBe('hello mail body');
      expect((await open(trx, a, await seal(trx, a, bytes))).equals(bytes)).toBe(true);
    });
    // One active data key per tenant, stored wrapped (never the raw key).
    const keys = await db.ownerKnex('tenantDataKeys').where({ tenantId: a });
    expect(keys).toHaveLength(1);
    expect(keys[0].wrappedKey).toHaveLength(60);
  });

  it('detects tampering with the ciphertext, the tag or the header', async () => {
    const blob = await asTenant(a, (trx) => seal(trx, a, 'secret refresh token'));
    for (const at of [blob.length - 1, 40, 20]) {
      const bad = Buffer.from(blob);
      bad[at] = bad[at]! ^ 0x01;
      await expect(asTenant(a, (trx) => open(trx, a, bad))).rejects.toBeInstanceOf(SealError);
    }
    await expect(asTenant(a, (trx) => open(trx, a, blob.subarray(0, 30)))).rejects.toThrow(/not a sealed blob/);
  });

  it("cannot open another tenant's blob, even with that tenant's key id forged in", async () => {
    const blobA = await asTenant(a, (trx) => seal(trx, a, 'tenant A only'));
    // Tenant B cannot see A's data key at all.
    await expect(asTenant(b, (trx) => open(trx, b, blobA))).rejects.toThrow(/data key this tenant does not have/);
    // Re-labelled with B's key id, authentication fails (tenant and key id are the additional data).
    const blobB = await asTenant(b, (trx) => seal(trx, b, 'tenant B'));
    const forged = Buffer.concat([blobB.subarray(0, 17), blobA.subarray(17)]);
    await expect(asTenant(b, (trx) => open(trx, b, forged))).rejects.toBeInstanceOf(SealError);
  });

  it('keeps old blobs readable after a data key rotation and a master key rotation', async () => {
    const before = await asTenant(a, (trx) => seal(trx, a, 'sealed before rotation'));
    const newKeyId = await asTenant(a, (trx) => rotateDataKey(trx, a));
    const after = await asTenant(a, (trx) => seal(trx, a, 'sealed after'));
    expect(after.subarray(1, 17).toString('hex')).toBe(newKeyId.replace(/-/g, ''));
    expect(await asTenant(a, (trx) => openText(trx, a, before))).toBe('sealed before rotation');

    // New master key, the old one retired: the data keys still open, then get rewrapped under the new one.
    const secondMaster = newMasterKey();
    await configureMasterKeys({
      masterKeys: { current: secondMaster, retired: [firstMaster] },
      dataDir: '/nonexistent',
    });
    expect(await asTenant(a, (trx) => rewrapDataKeys(trx, a))).toBe(2);
    await configureMasterKeys({ masterKeys: { current: secondMaster, retired: [] }, dataDir: '/nonexistent' });
    expect(await asTenant(a, (trx) => openText(trx, a, before))).toBe('sealed before rotation');
    expect(await asTenant(a, (trx) => openText(trx, a, after))).toBe('sealed after');
  });
});

describe('migration 20261122002010 (seal webhook secrets)', () => {
  it('seals the clear-text secrets of existing rows, and the rollback restores them', async () => {
    const migration = await import('#db/migrations/20261122002010_seal_webhook_secrets');
    const id = '0190f000-0000-7000-8000-000000000001';
    await db.ownerKnex.transaction(async (trx) => {
      await migration.down(trx);
      await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [b]);
      await trx.raw(
        `INSERT INTO webhooks (tenant_id, id, url, events, secret) VALUES (?, ?, 'https://hooks.example/x', '{}', 'whsec_plain')`,
        [b, id],
      );
      await migration.up(trx);
      await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [b]);
      const row = (await trx.raw('SELECT * FROM webhooks WHERE tenant_id = ? AND id = ?', [b, id])).rows[0];
      expect(row).not.toHaveProperty('secret');
      expect(row.secret_sealed.includes(Buffer.from('whsec_plain'))).toBe(false);
      expect(await openText(trx, b, row.secret_sealed)).toBe('whsec_plain');
      await migration.down(trx);
      await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [b]);
      expect((await trx.raw('SELECT secret FROM webhooks WHERE id = ?', [id])).rows[0].secret).toBe('whsec_plain');
      await migration.up(trx);
    });
  });
});
