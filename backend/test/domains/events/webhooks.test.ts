import { Webhook, WebhookWithSecret } from '@pivotal-pm/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { overrideOutboundPolicy } from '#security/outboundUrl';
import { openText } from '#security/sealing';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { PUBLIC_V4, tableResolver } from '../../helpers/outbound';
import { countRows, emitEvents, taskCreated } from './helpers';

const hook = (extra: Record<string, unknown> = {}) => ({
  url: 'https://hooks.example.test/pivotal',
  events: ['opportunity.won', 'task.created'],
  ...extra,
});

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  [acme, globex] = await Promise.all([t.tenant(), t.tenant()]);
});
afterAll(async () => t?.close());
afterEach(() => overrideOutboundPolicy(null));

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
    const res = await t.call(
      'webhook.create',
      hook({ description: ' CRM sync ', events: ['task.created', 'task.created'] }),
      acme.users.admin.token,
    );
    expect(res.status).toBe(200);
    const created = WebhookWithSecret.parse(res.body.data);
    expect(created).toMatchObject({
      url: 'https://hooks.example.test/pivotal',
      events: ['task.created'],
      description: 'CRM sync',
      active: true,
      failureCount: 0,
      lastDeliveryAt: null,
      tenantId: acme.id,
    });
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

  /** Expects a 400 validation_failed at `url` whose message contains `why`. */
  async function refusedAt(url: string, why: RegExp | string) {
    const res = await t.call('webhook.create', hook({ url }), acme.users.admin.token);
    expect(res.status, url).toBe(400);
    expect(res.body.error.code, url).toBe('validation_failed');
    expect(res.body.error.details.issues, url).toEqual([
      expect.objectContaining({ path: 'url', code: 'forbidden_target' }),
    ]);
    expect(res.body.error.details.issues[0].message, url).toMatch(why);
  }

  it('refuses loopback, private, link-local, metadata, CGNAT, ULA and user:pass@ targets at url, and writes nothing', async () => {
    const before = await countRows(t.db.ownerKnex, 'webhooks', acme.id);
    // (127.0.0.1, [::1] and localhost themselves are the local-receiver exception outside production: see below.)
    await refusedAt('https://127.0.0.2/in', /loopback/);
    await refusedAt('https://[::ffff:127.0.0.1]:8443/in', /loopback/);
    await refusedAt('https://app.localhost/in', /local or cloud metadata host/);
    await refusedAt('https://10.1.2.3/in', /private \(RFC 1918\)/);
    await refusedAt('https://172.16.5.4/in', /private/);
    await refusedAt('https://192.168.0.10/in', /private/);
    await refusedAt('https://169.254.10.1/in', /link-local/);
    await refusedAt('https://[fe80::1]/in', /link-local/);
    await refusedAt('https://169.254.169.254/latest/meta-data/', /cloud metadata/);
    await refusedAt('https://[fd00:ec2::254]/latest/meta-data/', /cloud metadata/);
    await refusedAt('https://metadata.google.internal/computeMetadata/v1/', /cloud metadata host/);
    await refusedAt('https://100.64.0.7/in', /carrier-grade NAT/);
    await refusedAt('https://[fd12:3456::1]/in', /unique local/);
    await refusedAt('https://[::ffff:10.0.0.1]/in', /private/);
    await refusedAt('https://0.0.0.0/in', /unspecified/);
    await refusedAt('https://user:pass@hooks.example.test/in', /user name or password/);
    await refusedAt('http://user:pass@localhost:9999/in', /user name or password/);
    expect(await countRows(t.db.ownerKnex, 'webhooks', acme.id)).toBe(before);
  });

  it('resolves the host at creation: a name with a private or loopback address is refused, a public one accepted', async () => {
    overrideOutboundPolicy({
      resolve: tableResolver({
        'intranet.example.test': ['10.0.0.8'],
        'sneaky.example.test': [PUBLIC_V4, '127.0.0.1'],
        'hooks.example.test': [PUBLIC_V4],
      }),
    });
    const before = await countRows(t.db.ownerKnex, 'webhooks', acme.id);
    await refusedAt(
      'https://intranet.example.test/in',
      'The webhook URL intranet.example.test resolves to a private (RFC 1918) address; webhook targets must be public',
    );
    await refusedAt('https://sneaky.example.test/in', /sneaky.example.test resolves to a loopback address/);
    expect(await countRows(t.db.ownerKnex, 'webhooks', acme.id)).toBe(before);
    expect((await t.call('webhook.create', hook(), acme.users.admin.token)).status).toBe(200);
  });

  it('refuses http://localhost and http://127.0.0.1 in production mode', async () => {
    overrideOutboundPolicy({ production: true });
    const before = await countRows(t.db.ownerKnex, 'webhooks', acme.id);
    await refusedAt('http://localhost:9999/in', 'The webhook URL must use https');
    await refusedAt('http://127.0.0.1:9999/in', 'The webhook URL must use https');
    await refusedAt('https://localhost:9999/in', /local or cloud metadata host/);
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
    for (let i = 0; i < 3; i++)
      ids.push((await t.call('webhook.create', hook(), globex.users.admin.token)).body.data.id);
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
    for (const [body, field] of [
      [{ cursor: 'nope' }, 'cursor'],
      [{ limit: 500 }, 'limit'],
    ] as const) {
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
      await trx('webhookDeliveries').insert({
        tenantId: acme.id,
        id: uuidv7(),
        webhookId: created.id,
        eventSeq: event!.seq,
        nextAttemptAt: new Date(),
      });
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
