import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
  });
  afterAll(async () => t?.close());
  const count = async (name: string) => (await t.db.ownerKnex('clients').where({ tenantId: acme.id, name })).length;

  it('runs concurrent requests with one key once and answers both with the same record', async () => {
    const headers = { 'idempotency-key': 'race-1' };
    const [a, b] = await Promise.all([
      t.call('client.create', { name: 'Race Ltd' }, acme.users.admin.token, { headers }),
      t.call('client.create', { name: 'Race Ltd' }, acme.users.admin.token, { headers }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.data.id).toBe(b.body.data.id);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')]).toContain('true');
    expect(await count('Race Ltd')).toBe(1);
  });

  it('refuses the same key with another body (409) and keys are per tenant', async () => {
    const headers = { 'idempotency-key': 'k-2' };
    expect((await t.call('client.create', { name: 'One' }, acme.users.admin.token, { headers })).status).toBe(200);
    const clash = await t.call('client.create', { name: 'Two' }, acme.users.admin.token, { headers });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('idempotency_conflict');
    const other = await t.tenant('other');
    expect((await t.call('client.create', { name: 'Two' }, other.users.admin.token, { headers })).status).toBe(200);
  });

  it('does not store a failed request, so fixing the input with the same key works', async () => {
    const headers = { 'idempotency-key': 'k-3' };
    expect((await t.call('client.create', { name: '' }, acme.users.admin.token, { headers })).status).toBe(400);
    expect((await t.call('client.create', { name: 'Fixed' }, acme.users.admin.token, { headers })).status).toBe(200);
  });

  it('never keeps a one-time secret for replay', async () => {
    const headers = { 'idempotency-key': 'key-once' };
    const body = { name: 'CI key', role: 'analyst' };
    const first = await t.call('apiKey.create', body, acme.users.admin.token, { headers });
    expect(first.status).toBe(200);
    expect(first.body.data.secret).toMatch(/^pvk_/);
    const replay = await t.call('apiKey.create', body, acme.users.admin.token, { headers });
    expect(replay.body.data.id).toBe(first.body.data.id);
    expect(replay.body.data.secret).not.toBe(first.body.data.secret);
    const stored = await t.db.ownerKnex('idempotencyKeys').where({ tenantId: acme.id, key: 'key-once' }).first();
    expect(JSON.stringify(stored.responseBody)).not.toContain(first.body.data.secret);
  });
});
