import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTenant } from '../../helpers/db';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { issuePaths } from '../engagements/world';

describe('audit.log.list', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it('shows a mutation made through the API with its actor, operation, target and request id, redacted', async () => {
    const rep = acme.users.salesRep;
    const created = await t.call(
      'task.create',
      {
        type: 'email',
        title: 'Write to jane.doe@example.com',
        notes: 'Call +33 6 12 34 56 78',
        dueAt: '2099-01-01T00:00:00Z',
      },
      rep.token,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const requestId = created.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const res = await t.call('audit.log.list', { operation: 'task.create' }, acme.users.admin.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toHaveLength(1);
    const entry = res.body.data[0];
    expect(entry).toMatchObject({
      tenantId: acme.id,
      actor: `user:${rep.id}`,
      operation: 'task.create',
      targetType: 'task',
      targetId: created.body.data.id,
      requestId,
      before: null,
    });
    expect(entry.after).toMatchObject({ title: 'Write to j***@example.com', notes: 'Call ***78', status: 'open' });
    expect(JSON.stringify(entry)).not.toContain('jane.doe');
  });

  it('lists newest first with filters by actor, operation, target and time, and pages with the cursor', async () => {
    const admin = acme.users.admin.token;
    for (const flag of ['ai_assist', 'sequences', 'ai_assist'] as const) {
      expect((await t.call('featureFlag.update', { flag, enabled: flag !== 'sequences' }, admin)).status).toBe(200);
    }
    const all = await t.client(admin).audit.log.list({ limit: 2 }).toArray();
    expect(all.map((e) => e.operation)).toEqual([
      'featureFlag.update',
      'featureFlag.update',
      'featureFlag.update',
      'task.create',
    ]);
    const ats = all.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const byTarget = await t.call('audit.log.list', { targetType: 'featureFlag', targetId: 'ai_assist' }, admin);
    expect(byTarget.body.data).toHaveLength(2);
    expect(byTarget.body.data.map((e: { after: { enabled: boolean } }) => e.after.enabled)).toEqual([true, true]);
    const byActor = await t.call('audit.log.list', { actor: `user:${acme.users.salesRep.id}` }, admin);
    expect(byActor.body.data.map((e: { operation: string }) => e.operation)).toEqual(['task.create']);
    // Time windows are half-open: [from, to).
    const [from, to] = [all[3]!.at, all[0]!.at];
    const window = await t.call('audit.log.list', { from, to }, admin);
    expect(window.body.data.map((e: { id: string }) => e.id)).toEqual(
      all.filter((e) => e.at >= from && e.at < to).map((e) => e.id),
    );
    expect(window.body.data.map((e: { id: string }) => e.id)).toContain(all[3]!.id);
  });

  it('is append-only: the app role can neither update nor delete audit rows', async () => {
    const run = (sql: string) => asTenant(t.db.appKnex, { tenantId: acme.id }, (trx) => trx.raw(sql));
    expect(Number((await run('SELECT count(*) AS n FROM audit_log')).rows[0].n)).toBeGreaterThan(0);
    await expect(run(`UPDATE audit_log SET actor = 'someone:else'`)).rejects.toThrow(/permission denied/);
    await expect(run('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    const rows = await t.db.ownerKnex('auditLog').where({ tenantId: acme.id, actor: 'someone:else' });
    expect(rows).toEqual([]);
  });

  it('answers 400 naming the field', async () => {
    const res = await t.call('audit.log.list', { limit: 0, from: 'yesterday' }, acme.users.admin.token);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['limit', 'from']));
  });

  it("never shows another tenant's rows", async () => {
    const theirs = await t.call(
      'task.create',
      { type: 'todo', title: 'theirs', dueAt: '2099-01-01T00:00:00Z' },
      other.users.salesRep.token,
    );
    const res = await t.call('audit.log.list', { targetId: theirs.body.data.id }, acme.users.admin.token);
    expect(res.body.data).toEqual([]);
    const mine = await t.call('audit.log.list', {}, other.users.admin.token);
    expect(mine.body.data.map((e: { tenantId: string }) => e.tenantId)).toEqual([other.id]);
  });

  it('answers 403 without audit.read (reps, analysts, client roles)', async () => {
    for (const role of ['salesRep', 'analyst', 'clientViewer'] as const) {
      const res = await t.call('audit.log.list', {}, acme.users[role].token);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await t.call('audit.log.list', {}, acme.users.qa.token)).status).toBe(200);
  });
});
