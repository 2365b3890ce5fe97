import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { apiKeyToken, issuePaths } from '../engagements/world';

describe('compliance.settings.get', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it('answers the defaults at version 1 for a tenant that changed nothing', async () => {
    const res = await t.call('compliance.settings.get', {}, acme.users.admin.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual({
      tenantId: acme.id,
      recording: { defaultConsent: 'allParty', regions: {}, announce: true },
      retention: { recordingsDays: 365, transcriptsDays: 365, engagementsDays: null, auditLogDays: 2555 },
      optOut: { autoSuppressBounces: true, autoSuppressComplaints: true, scope: 'tenant', listUnsubscribeHeader: true },
      mailBodyCacheTtlSeconds: 86_400,
      updatedAt: expect.any(String),
      version: 1,
    });
    const get = await t.call('compliance.settings.get', {}, acme.users.admin.token, { method: 'GET' });
    expect(get.body).toEqual(res.body);
  });

  it("shows the stored values merged into the defaults, never another tenant's", async () => {
    const upd = await t.call(
      'compliance.settings.update',
      { recording: { regions: { FR: 'allParty' } }, retention: { recordingsDays: 90 } },
      other.users.admin.token,
    );
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    const theirs = await t.call('compliance.settings.get', {}, other.users.admin.token);
    expect(theirs.body.data).toEqual(upd.body.data);
    expect(theirs.body.data).toMatchObject({
      tenantId: other.id,
      version: 2,
      recording: { defaultConsent: 'allParty', regions: { FR: 'allParty' } },
      retention: { recordingsDays: 90, transcriptsDays: 365 },
    });
    const ours = await t.call('compliance.settings.get', {}, acme.users.admin.token);
    expect(ours.body.data).toMatchObject({
      tenantId: acme.id,
      version: 1,
      recording: { regions: {} },
      retention: { recordingsDays: 365 },
    });
  });

  it('answers 400 for an input that is not an object, and writes nothing', async () => {
    const before = await t.db.ownerKnex('tenants').where({ id: acme.id }).first('settings');
    const res = await t.call('compliance.settings.get', [1, 2], acme.users.admin.token);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(issuePaths(res.body)).toEqual(['(root)']);
    expect(await t.db.ownerKnex('tenants').where({ id: acme.id }).first('settings')).toEqual(before);
  });

  it('answers 403 without compliance.manage, and to a client-confined caller whatever its role', async () => {
    for (const role of ['salesManager', 'salesRep', 'clientApprover'] as const) {
      const res = await t.call('compliance.settings.get', {}, acme.users[role].token);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const key = await apiKeyToken(t, acme.id, 'admin', [acme.clientId]);
    expect((await t.call('compliance.settings.get', {}, key)).status).toBe(403);
  });
});
