import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';
import { createContact } from '../helpers/factories';

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
    expect(storedText(stored)).not.toContain(first.body.data.secret);
  });
});

/** Every column of a stored row as text (bytea as latin1), to search for what must not be kept in clear. */
const storedText = (row: Record<string, unknown>) =>
  Object.values(row)
    .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : JSON.stringify(v)))
    .join('\n');

describe('Idempotency-Key across callers', () => {
  let t: TestApp;
  let acme: TestTenant;
  const emails: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant();
    // 24 contacts of client Northwind, 48 internal ones: a manager exports 72, a Northwind-confined key 24.
    for (let i = 0; i < 72; i++) {
      const contact = await createContact(t.db.ownerKnex, acme.id, i < 24 ? { clientId: acme.clientId } : {});
      emails.push(contact.email!);
    }
  });
  afterAll(async () => t?.close());

  const exportContacts = (token: string, key: string) =>
    t.call('export.create', { operation: 'contact.list', input: {} }, token, { headers: { 'idempotency-key': key } });
  const csvLines = (downloadUrl: string) =>
    Buffer.from(downloadUrl.split(',')[1]!, 'base64').toString('utf8').trim().split('\r\n');

  it("runs the same key and body from another caller under that caller's own scope, and replays only to its caller", async () => {
    const scopedKey = await t.call(
      'apiKey.create',
      { name: 'Northwind portal', role: 'analyst', clientIds: [acme.clientId] },
      acme.users.admin.token,
    );
    expect(scopedKey.status).toBe(200);
    const manager = await exportContacts(acme.users.salesManager.token, 'export-1');
    expect(manager.status).toBe(200);
    expect(manager.body.data.rowCount).toBe(72);

    const confined = await exportContacts(scopedKey.body.data.secret, 'export-1');
    expect(confined.status).toBe(200);
    expect(confined.headers.get('idempotent-replayed')).toBeNull();
    expect(confined.body.data.rowCount).toBe(24);
    expect(csvLines(confined.body.data.downloadUrl)).toHaveLength(25);
    expect(confined.body.data.id).not.toBe(manager.body.data.id);
    const confinedCsv = csvLines(confined.body.data.downloadUrl).join('\n');
    for (const email of emails.slice(24)) expect(confinedCsv).not.toContain(email);

    // Each caller's own repeat still replays its own first answer.
    const managerAgain = await exportContacts(acme.users.salesManager.token, 'export-1');
    expect(managerAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(managerAgain.body).toEqual(manager.body);
    const confinedAgain = await exportContacts(scopedKey.body.data.secret, 'export-1');
    expect(confinedAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(confinedAgain.body).toEqual(confined.body);

    // Another user of the same tenant (the admin) with the key also runs fresh.
    const admin = await exportContacts(acme.users.admin.token, 'export-1');
    expect(admin.headers.get('idempotent-replayed')).toBeNull();
    expect(admin.body.data.id).not.toBe(manager.body.data.id);
  });

  it('keeps no stored response in clear: neither the export nor any email in it', async () => {
    const first = await exportContacts(acme.users.salesManager.token, 'export-sealed');
    expect(first.status).toBe(200);
    const rows = await t.db.ownerKnex('idempotencyKeys').where({ tenantId: acme.id, key: 'export-sealed' });
    expect(rows).toHaveLength(1);
    const text = storedText(rows[0]);
    expect(text).not.toContain(first.body.data.downloadUrl.split(',')[1].slice(0, 40));
    for (const email of emails) expect(text).not.toContain(email);
    expect(rows[0].caller).toMatch(new RegExp(`^user:${acme.users.salesManager.id}#[0-9a-f]{16}$`));
    // What is stored still replays exactly.
    const replay = await exportContacts(acme.users.salesManager.token, 'export-sealed');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
