import { featureFlags } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { issuePaths } from '../engagements/world';

describe('featureFlag.list', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it('lists every flag of the contract, on unless the tenant turned it off', async () => {
    const res = await t.call('featureFlag.list', {}, acme.users.admin.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.map((f: { flag: string }) => f.flag)).toEqual([...featureFlags]);
    expect(res.body.data.every((f: { enabled: boolean }) => f.enabled)).toBe(true);
    await t.db
      .ownerKnex('featureFlags')
      .where({ tenantId: acme.id, flag: 'ai_assist' })
      .update({ enabled: false, updatedAt: new Date('2026-01-01T00:00:00Z') });
    // A flag without a row (a tenant made before the flag existed) is on, as at run time.
    await t.db.ownerKnex('featureFlags').where({ tenantId: acme.id, flag: 'sequences' }).delete();
    const after = await t.client(acme.users.admin.token).featureFlag.list();
    expect(after.find((f) => f.flag === 'ai_assist')).toEqual({
      flag: 'ai_assist',
      enabled: false,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(after.find((f) => f.flag === 'sequences')?.enabled).toBe(true);
    expect(after).toHaveLength(featureFlags.length);
  });

  it("never shows another tenant's flags", async () => {
    const res = await t.client(other.users.admin.token).featureFlag.list();
    expect(res.every((f) => f.enabled)).toBe(true);
  });

  it('answers 400 for an input that is not an object', async () => {
    const res = await t.call('featureFlag.list', ['flags'], acme.users.admin.token);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['(root)']);
  });

  it('answers 403 without featureFlag.manage', async () => {
    for (const role of ['salesManager', 'salesRep', 'clientViewer'] as const) {
      expect((await t.call('featureFlag.list', {}, acme.users[role].token)).status, role).toBe(403);
    }
  });
});
