import { Webhook, WebhookWithSecret } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/db/ids';
import { openText } from '../../../src/security/sealing';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { countRows, emitEvents, taskCreated } from './helpers';

const hook = (extra: Record<string, unknown> = {}) => ({ url: 'https://hooks.example.test/pivotal', events: ['opportunity.won', 'task.created'], ...extra });

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  [acme, globex] = await Promise.all([t.tenant(), t.tenant()]);
});
afterAll(async () => t?.close());

/** Reads a webhook row through the owner connection. */
async function webhookRow(tenantId: string, id: string) {
  return t.db.ownerKnex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const row = await trx('webhooks').where({ tenantId, id }).first();
    // The secret is stored sealed under the tenant's data key; open it to compare.
    return row ? { ...row, secret: await openText(trx, tenantId, row.secretSealed) } : row;
  });
}

describe('webhook.create', () => {
  it('stores the subscription, returns the secret once, audits without it, starts after the latest event', async () => {
    const [latest] = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]);
    const res = await t.call('webhook.create', hook({ description: ' CRM sync ', events: ['task.created', 'task.created'] }), acme.users.admin.token);
    expect(res.status).toBe(200);
    const created = WebhookWithSecret.parse(res.body.data);
    expect(created).toMatchObject({ url: 'https://hooks.example.test/pivotal', events: ['task.created'], description: 'CRM sync', active: true, failureCount: 0, lastDeliveryAt: null, tenantId: acme.id });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await webhookRow(acme.id, created.id);
    expect(row.secret).toBe(created.secret);
    expect(row.secretSealed.includes(Buffer.from(created.secret))).toBe(false);
    expect({ txId: row.lastEventTx, seq: row.lastEventSeq }).toEqual({ txId: latest!.txId, seq: latest!.seq });
    expect(row.createdBy).toBe(acme.users.admin.id);
    const audit = await t.db.ownerKnex.transaction(async (trx) => {
      await trx.raw(`select set_config('app.tenant_id', ?, true)`, [acme.id]);
      return trx('auditLog').where({ tenantId: acme.id, targetId: created.id });
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ operation: 'webhook.create', targetType: 'webhook' });
    expect(JSON.stringify(audit[0].after)).not.toContain(created.secret);
  });

  it('replays an Idempotency-Key without the secret (never stored for replay)', async () => {
    const headers = { 'idempotency-key': `wh-${Date.now()}` };
    const first = await t.call('webhook.create', hook(), acme.users.admin.token, { headers });
    const again = await t.call('webhook.create', hook(), acme.users.admin.token, { headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(again.body.data.secret).not.toBe(first.body.data.secret);
  });

  it('allows http only for localhost', async () => {
    const res = await t.call('webhook.create', hook({ url: 'http://127.0.0.1:9999/in' }), acme.users.admin.token);
    expect(res.status).toBe(200);
  });

  it('answers 400 naming the field for bad input, and writes nothing', async () => {
    const before = await countRows(t.db.ownerKnex, 'webhooks', acme.id);
    const cases: [Record<string, unknown>, string][] = [
      [hook({ url: 'http://hooks.example.test/in' }), 'url'],
      [hook({ url: 'not a url' }), 'url'],
      [hook({ events: [] }), 'events'],
      [hook({ events: ['opportunity.exploded'] }), 'events'],
      [hook({ description: 'x'.repeat(501) }), 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('webhook.create', body, acme.users.admin.token);
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path.split('.')[0])).toContain(field);
    }
    expect(await countRows(t.db.ownerKnex, 'webhooks', acme.id)).toBe(before);
  });

  it('answers 403 to roles without webhook.manage, and writes nothing', async () => {
    const before = await countRows(t.db.ownerKnex, 'webhooks', acme.id);
    for (const role of ['salesManager', 'analyst', 'clientViewer'] as const) {
      const res = await t.call('webhook.create', hook(), acme.users[role].token);
      expect(res.status, role).toBe(403);
    }
    expect(await countRows(t.db.ownerKnex, 'webhooks', acme.id)).toBe(before);
  });
});

describe('webhook.list', () => {
  it("lists the tenant's webhooks page by page, never with a secret", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.call('webhook.create', hook(), globex.users.admin.token)).body.data.id);
    const first = await t.call('webhook.list', { limit: 2 }, globex.users.admin.token);
    expect(first.status).toBe(200);
    expect(first.body.data.map((w: Webhook) => w.id)).toEqual(ids.slice(0, 2));
    const rest = await t.call('webhook.list', { limit: 2, cursor: first.body.nextCursor }, globex.users.admin.token);
    expect(rest.body.data.map((w: Webhook) => w.id)).toEqual(ids.slice(2));
    expect(rest.body.nextCursor).toBeNull();
    for (const w of [...first.body.data, ...rest.body.data]) {
      expect(w).not.toHaveProperty('secret');
      expect(Webhook.strict().safeParse(w).success).toBe(true);
      expect(w.tenantId).toBe(globex.id);
    }
  });

  it('answers 400 for a bad cursor or limit', async () => {
    for (const [body, field] of [[{ cursor: 'nope' }, 'cursor'], [{ limit: 500 }, 'limit']] as const) {
      const res = await t.call('webhook.list', body, globex.users.admin.token);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe(field);
    }
  });

  it('answers 403 to roles without webhook.manage', async () => {
    const res = await t.call('webhook.list', {}, globex.users.salesRep.token);
    expect(res.status).toBe(403);
  });
});

describe('webhook.delete', () => {
  it('deletes the webhook with its deliveries and audits it', async () => {
    const created = (await t.call('webhook.create', hook(), acme.users.admin.token)).body.data;
    const [event] = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]);
    await t.db.ownerKnex.transaction(async (trx) => {
      await trx.raw(`select set_config('app.tenant_id', ?, true)`, [acme.id]);
      await trx('webhookDeliveries').insert({ tenantId: acme.id, id: uuidv7(), webhookId: created.id, eventSeq: event!.seq, nextAttemptAt: new Date() });
    });
    const res = await t.call('webhook.delete', { id: created.id }, acme.users.admin.token);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id: created.id, deleted: true });
    expect(await webhookRow(acme.id, created.id)).toBeUndefined();
    const deliveries = await t.db.ownerKnex.transaction(async (trx) => {
      await trx.raw(`select set_config('app.tenant_id', ?, true)`, [acme.id]);
      return trx('webhookDeliveries').where({ tenantId: acme.id, webhookId: created.id });
    });
    expect(deliveries).toEqual([]);
    const again = await t.call('webhook.delete', { id: created.id }, acme.users.admin.token);
    expect(again.status).toBe(404);
  });

  it("answers 404 for another tenant's webhook and leaves it", async () => {
    const theirs = (await t.call('webhook.create', hook(), globex.users.admin.token)).body.data;
    const res = await t.call('webhook.delete', { id: theirs.id }, acme.users.admin.token);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect(await webhookRow(globex.id, theirs.id)).toBeDefined();
  });

  it('answers 400 naming id for a bad id', async () => {
    const res = await t.call('webhook.delete', { id: 'abc' }, acme.users.admin.token);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('id');
  });

  it('answers 403 to roles without webhook.manage, and deletes nothing', async () => {
    const mine = (await t.call('webhook.create', hook(), acme.users.admin.token)).body.data;
    const res = await t.call('webhook.delete', { id: mine.id }, acme.users.salesManager.token);
    expect(res.status).toBe(403);
    expect(await webhookRow(acme.id, mine.id)).toBeDefined();
  });
});
