import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { countRows, issuePaths } from '../engagements/world';

describe('compliance.settings.update', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  const settings = async (id: string) => (await t.db.ownerKnex('tenants').where({ id }).first('settings')).settings;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it('merges partial updates into the defaults and answers the full settings; audit before/after', async () => {
    const admin = acme.users.admin.token;
    const first = await t.call(
      'compliance.settings.update',
      {
        recording: { defaultConsent: 'oneParty', regions: { FR: 'allParty', 'US-CA': 'allParty' } },
        expectedVersion: 1,
      },
      admin,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data).toEqual({
      tenantId: acme.id,
      recording: { defaultConsent: 'oneParty', regions: { FR: 'allParty', 'US-CA': 'allParty' }, announce: true },
      retention: { recordingsDays: 365, transcriptsDays: 365, engagementsDays: null, auditLogDays: 2555 },
      optOut: { autoSuppressBounces: true, autoSuppressComplaints: true, scope: 'tenant', listUnsubscribeHeader: true },
      mailBodyCacheTtlSeconds: 86_400,
      updatedAt: expect.any(String),
      version: 2,
    });
    const second = await t.call(
      'compliance.settings.update',
      {
        retention: { recordingsDays: 90, engagementsDays: 730 },
        optOut: { scope: 'client' },
        mailBodyCacheTtlSeconds: 3600,
      },
      admin,
    );
    expect(second.body.data).toMatchObject({
      recording: { defaultConsent: 'oneParty', regions: { FR: 'allParty', 'US-CA': 'allParty' }, announce: true },
      retention: { recordingsDays: 90, transcriptsDays: 365, engagementsDays: 730, auditLogDays: 2555 },
      optOut: { scope: 'client', autoSuppressBounces: true },
      mailBodyCacheTtlSeconds: 3600,
      version: 3,
    });
    // A region map given replaces the old one, so a region can be removed; null keeps engagements forever.
    const third = await t.call(
      'compliance.settings.update',
      { recording: { regions: { DE: 'disabled' } }, retention: { engagementsDays: null } },
      admin,
    );
    expect(third.body.data.recording).toEqual({
      defaultConsent: 'oneParty',
      regions: { DE: 'disabled' },
      announce: true,
    });
    expect(third.body.data.retention.engagementsDays).toBeNull();

    const stored = (await settings(acme.id)).compliance;
    expect(stored).toMatchObject({
      version: 4,
      recording: { regions: { DE: 'disabled' } },
      retention: { recordingsDays: 90 },
    });
    const audits = await t.db
      .ownerKnex('auditLog')
      .where({ tenantId: acme.id, operation: 'compliance.settings.update' })
      .orderBy('at');
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({
      targetType: 'complianceSettings',
      targetId: acme.id,
      actor: `user:${acme.users.admin.id}`,
    });
    expect(audits[0].before.recording.defaultConsent).toBe('allParty');
    expect(audits[0].after.recording.defaultConsent).toBe('oneParty');
  });

  it('answers 409 on a stale expectedVersion', async () => {
    const res = await t.call(
      'compliance.settings.update',
      { optOut: { autoSuppressBounces: false }, expectedVersion: 1 },
      acme.users.admin.token,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('version_conflict');
    expect(res.body.error.details).toEqual({ currentVersion: 4 });
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const before = await settings(acme.id);
    const audits = await countRows(t.db.ownerKnex, 'audit_log', { tenantId: acme.id });
    const res = await t.call(
      'compliance.settings.update',
      { retention: { auditLogDays: 30 }, recording: { defaultConsent: 'maybe' }, mailBodyCacheTtlSeconds: 5 },
      acme.users.admin.token,
    );
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(
      expect.arrayContaining(['retention.auditLogDays', 'recording.defaultConsent', 'mailBodyCacheTtlSeconds']),
    );
    const region = await t.call(
      'compliance.settings.update',
      { recording: { regions: { France: 'allParty' } } },
      acme.users.admin.token,
    );
    expect(region.status).toBe(400);
    expect(issuePaths(region.body)[0]).toMatch(/^recording\.regions/);
    expect(await settings(acme.id)).toEqual(before);
    expect(await countRows(t.db.ownerKnex, 'audit_log', { tenantId: acme.id })).toBe(audits);
  });

  it("never touches another tenant's settings", async () => {
    expect((await settings(other.id)).compliance).toBeUndefined();
    const res = await t.call('compliance.settings.update', { optOut: { scope: 'client' } }, other.users.admin.token);
    expect(res.body.data).toMatchObject({
      tenantId: other.id,
      version: 2,
      recording: { defaultConsent: 'allParty', regions: {} },
    });
    expect((await settings(acme.id)).compliance.optOut.scope).toBe('client');
    expect((await settings(acme.id)).compliance.version).toBe(4);
  });

  it('answers 403 without compliance.manage', async () => {
    const before = await settings(acme.id);
    for (const role of ['salesManager', 'salesRep', 'clientApprover'] as const) {
      expect(
        (await t.call('compliance.settings.update', { mailBodyCacheTtlSeconds: 600 }, acme.users[role].token)).status,
        role,
      ).toBe(403);
    }
    expect(await settings(acme.id)).toEqual(before);
  });
});
