import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { unsubscribeSecret } from '#domains/mail/linkSecret';
import { signUnsubscribe } from '#domains/sequences/unsubscribeLink';
import { openText } from '#security/sealing';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';

let t: TestApp;
let acme: TestTenant;
let legacy: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  legacy = await t.tenant();
});
afterAll(async () => t?.close());

const secretOf = (tenantId: string) =>
  withTenant(t.db.appKnex, { tenantId, userId: null, clientIds: null }, (trx) => unsubscribeSecret(trx, tenantId));
const linkStatus = async (token: string) => (await fetch(`${t.baseUrl}/u/${token}`)).status;
const rowText = (row: Record<string, unknown>) =>
  Object.values(row)
    .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : JSON.stringify(v)))
    .join('\n');

describe('unsubscribe link secrets at rest', () => {
  it('stores the secret sealed (no clear copy for the app role or the owner) and links signed with it verify', async () => {
    const secret = await secretOf(acme.id);
    expect(secret).toHaveLength(32);
    expect((await secretOf(acme.id)).equals(secret)).toBe(true);
    const asApp = await withTenant(t.db.appKnex, { tenantId: acme.id, userId: null, clientIds: null }, (trx) =>
      trx('unsubscribeSecrets').where({ tenantId: acme.id }),
    );
    const asOwner = await t.db.ownerKnex('unsubscribeSecrets').where({ tenantId: acme.id });
    for (const rows of [asApp, asOwner]) {
      expect(rows).toHaveLength(1);
      expect(rows[0]).not.toHaveProperty('secret');
      expect(rowText(rows[0])).not.toContain(secret.toString('base64url'));
      expect(rows[0].secretSealed.includes(secret)).toBe(false);
    }
    const contact = await createContact(t.db.ownerKnex, acme.id);
    const token = signUnsubscribe(secret, { tenantId: acme.id, contactId: contact.id, enrollmentId: null });
    expect(await linkStatus(token)).toBe(200);
    expect(
      await linkStatus(
        signUnsubscribe(Buffer.alloc(32, 7), { tenantId: acme.id, contactId: contact.id, enrollmentId: null }),
      ),
    ).toBe(404);
  });
});

describe('migration 20261206000320 (seal unsubscribe secrets)', () => {
  it('seals the clear secret of existing rows: links sent before it still verify; the rollback restores it', async () => {
    const migration = await import('#db/migrations/20261206000320_seal_unsubscribe_secrets');
    const clear = Buffer.alloc(32, 42).toString('base64url');
    await t.db.ownerKnex.transaction(async (trx) => {
      await migration.down(trx);
      await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [legacy.id]);
      await trx.raw('INSERT INTO unsubscribe_secrets (tenant_id, secret) VALUES (?, ?)', [legacy.id, clear]);
      await migration.up(trx);
      await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [legacy.id]);
      const row = (await trx.raw('SELECT * FROM unsubscribe_secrets WHERE tenant_id = ?', [legacy.id])).rows[0];
      expect(row).not.toHaveProperty('secret');
      expect(row.secret_sealed.toString('latin1')).not.toContain(clear);
      expect(await openText(trx, legacy.id, row.secret_sealed)).toBe(clear);
      await migration.down(trx);
      await trx.raw(`SELECT set_config('app.tenant_id', ?, true)`, [legacy.id]);
      expect(
        (await trx.raw('SELECT secret FROM unsubscribe_secrets WHERE tenant_id = ?', [legacy.id])).rows[0].secret,
      ).toBe(clear);
      await migration.up(trx);
    });
    // A link signed before the migration, with the then clear secret, still verifies.
    const contact = await createContact(t.db.ownerKnex, legacy.id);
    expect(
      await linkStatus(
        signUnsubscribe(Buffer.from(clear, 'base64url'), {
          tenantId: legacy.id,
          contactId: contact.id,
          enrollmentId: null,
        }),
      ),
    ).toBe(200);
    expect((await secretOf(legacy.id)).toString('base64url')).toBe(clear);
  });
});
