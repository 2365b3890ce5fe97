import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { countRows, issuePaths } from '../engagements/world';

describe('featureFlag.update', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it('disabling pipeline makes pipeline.list answer 403 feature_disabled at once; enabling restores it', async () => {
    const admin = acme.users.admin.token;
    const rep = acme.users.salesRep.token;
    // Warm the tenant's runtime cache first, so the change must invalidate it.
    expect((await t.call('pipeline.list', {}, rep)).status).not.toBe(403);
    const off = await t.call('featureFlag.update', { flag: 'pipeline', enabled: false }, admin);
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.data).toEqual({ flag: 'pipeline', enabled: false, updatedAt: expect.any(String) });
    const denied = await t.call('pipeline.list', {}, rep);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('feature_disabled');
    // Another tenant keeps it.
    expect((await t.call('pipeline.list', {}, other.users.salesRep.token)).status).not.toBe(403);

    expect(await t.db.ownerKnex('featureFlags').where({ tenantId: acme.id, flag: 'pipeline' })).toEqual([
      { tenantId: acme.id, flag: 'pipeline', enabled: false, updatedAt: expect.any(Date) },
    ]);
    const [audit] = await t.db.ownerKnex('auditLog').where({ tenantId: acme.id, operation: 'featureFlag.update' });
    expect(audit).toMatchObject({
      targetType: 'featureFlag',
      targetId: 'pipeline',
      before: { flag: 'pipeline', enabled: true },
      after: { flag: 'pipeline', enabled: false },
    });

    const on = await t.call('featureFlag.update', { flag: 'pipeline', enabled: true }, admin);
    expect(on.body.data.enabled).toBe(true);
    const restored = await t.call('pipeline.list', {}, rep);
    expect(restored.status).not.toBe(403);
    expect(await countRows(t.db.ownerKnex, 'feature_flags', { tenantId: acme.id, enabled: false })).toBe(0);
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const flags = await countRows(t.db.ownerKnex, 'feature_flags');
    const audits = await countRows(t.db.ownerKnex, 'audit_log');
    const res = await t.call('featureFlag.update', { flag: 'teleport', enabled: 'yes' }, acme.users.admin.token);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['flag', 'enabled']));
    expect(await countRows(t.db.ownerKnex, 'feature_flags')).toBe(flags);
    expect(await countRows(t.db.ownerKnex, 'audit_log')).toBe(audits);
  });

  it("never changes another tenant's flag", async () => {
    await t.call('featureFlag.update', { flag: 'sequences', enabled: false }, other.users.admin.token);
    expect((await t.db.ownerKnex('featureFlags').where({ tenantId: acme.id, flag: 'sequences' }).first()).enabled).toBe(
      true,
    );
    const list = await t.client(acme.users.admin.token).featureFlag.list();
    expect(list.find((f) => f.flag === 'sequences')?.enabled).toBe(true);
  });

  it('answers 403 without featureFlag.manage', async () => {
    const flags = await countRows(t.db.ownerKnex, 'feature_flags', { tenantId: acme.id, enabled: true });
    for (const role of ['salesManager', 'salesRep', 'analyst'] as const) {
      expect(
        (await t.call('featureFlag.update', { flag: 'pipeline', enabled: false }, acme.users[role].token)).status,
        role,
      ).toBe(403);
    }
    expect(await countRows(t.db.ownerKnex, 'feature_flags', { tenantId: acme.id, enabled: true })).toBe(flags);
    expect((await t.call('pipeline.list', {}, acme.users.salesRep.token)).status).not.toBe(403);
  });
});
