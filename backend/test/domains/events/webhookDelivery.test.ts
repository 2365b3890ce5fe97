import net, { type AddressInfo } from 'node:net';
import { EventEnvelope } from '@pivotal-pm/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '#domains/events/webhooks/deliver';
import { deliveryBackoffMs, MAX_ATTEMPTS, verifyWebhookSignature } from '#domains/events/webhooks/signature';
import { overrideOutboundPolicy } from '#security/outboundUrl';
import { postOutbound, type OutboundPost } from '#security/outboundUrlHttp';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { PUBLIC_V4, tableResolver } from '../../helpers/outbound';
import { emitEvents, interleavedCommits, stageChanged, taskCreated, until } from './helpers';
import { startReceiver, type Receiver } from './receiver';

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  [t, receiver] = await Promise.all([createTestApp(), startReceiver()]);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
afterEach(() => overrideOutboundPolicy(null));

/** A TCP listener on 127.0.0.1 that counts the connections it gets (and drops them). */
async function countingListener(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A fresh tenant with one webhook on `/<slug>` of the receiver. */
async function subscribed(events: string[]): Promise<{ tenant: TestTenant; path: string; id: string; secret: string }> {
  const tenant = await t.tenant();
  const path = `/${tenant.slug}`;
  const res = await t.call('webhook.create', { url: receiver.url(path), events }, tenant.users.admin.token);
  expect(res.status).toBe(200);
  return { tenant, path, id: res.body.data.id, secret: res.body.data.secret };
}

async function deliveries(tenantId: string) {
  return t.db.ownerKnex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    return trx('webhookDeliveries').where({ tenantId }).orderBy('eventSeq');
  });
}

describe('webhook delivery (deliver_webhooks)', () => {
  it('POSTs each subscribed event once, signed, with its name and delivery id', async () => {
    const { tenant, path, id, secret } = await subscribed(['task.created']);
    const [task] = await emitEvents(t.db.ownerKnex, tenant.id, [taskCreated(), stageChanged()]);
    await deliverDue(t.db.ownerKnex);
    const got = receiver.received(path);
    expect(got).toHaveLength(1);
    const [req] = got;
    expect(verifyWebhookSignature(secret, req!.body, String(req!.headers['pivotal-signature']))).toBe(true);
    expect(verifyWebhookSignature('whsec_other', req!.body, String(req!.headers['pivotal-signature']))).toBe(false);
    expect(req!.headers['pivotal-event']).toBe('task.created');
    expect(req!.headers['content-type']).toBe('application/json');
    const envelope = EventEnvelope.parse(JSON.parse(req!.body));
    expect(envelope).toMatchObject({ name: 'task.created', cursor: task!.cursor, tenantId: tenant.id });
    const rows = await deliveries(tenant.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      webhookId: id,
      eventSeq: task!.seq,
      status: 'delivered',
      attempts: 1,
      lastStatus: 204,
      nextAttemptAt: null,
    });
    expect(req!.headers['pivotal-delivery']).toBe(rows[0].id);

    await deliverDue(t.db.ownerKnex);
    expect(receiver.received(path)).toHaveLength(1);
    const listed = await t.call('webhook.list', {}, tenant.users.admin.token);
    expect(listed.body.data[0]).toMatchObject({ failureCount: 0 });
    expect(listed.body.data[0].lastDeliveryAt).not.toBeNull();
  });

  it('retries after a 500 with exponential backoff, then marks it delivered', async () => {
    const { tenant, path } = await subscribed(['opportunity.stageChanged']);
    receiver.fail(path, 500, 1);
    await emitEvents(t.db.ownerKnex, tenant.id, [stageChanged()]);
    const now = new Date();
    await deliverDue(t.db.ownerKnex, now);
    let [row] = await deliveries(tenant.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    const wait = row.nextAttemptAt.getTime() - now.getTime();
    expect(wait).toBeGreaterThanOrEqual(24_000);
    expect(wait).toBeLessThanOrEqual(36_000);
    expect((await t.call('webhook.list', {}, tenant.users.admin.token)).body.data[0].failureCount).toBe(1);

    await deliverDue(t.db.ownerKnex, new Date(now.getTime() + 10_000));
    expect(receiver.received(path)).toHaveLength(1);
    await deliverDue(t.db.ownerKnex, new Date(now.getTime() + 40_000));
    expect(receiver.received(path)).toHaveLength(2);
    [row] = await deliveries(tenant.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204, lastError: null });
    expect((await t.call('webhook.list', {}, tenant.users.admin.token)).body.data[0].failureCount).toBe(0);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts (timeouts and network errors count)`, async () => {
    const { tenant, path } = await subscribed(['task.created']);
    receiver.fail(path, 503, MAX_ATTEMPTS - 1);
    await emitEvents(t.db.ownerKnex, tenant.id, [taskCreated()]);
    let now = Date.now();
    let refused = false;
    const flaky: OutboundPost = async (url, request) => {
      if (receiver.received(path).length === 3 && !refused) {
        refused = true;
        throw new Error('connect ECONNREFUSED');
      }
      return postOutbound(url, request);
    };
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await deliverDue(t.db.ownerKnex, new Date(now), flaky);
      now += 7 * 3_600_000;
    }
    const [row] = await deliveries(tenant.id);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(receiver.received(path)).toHaveLength(MAX_ATTEMPTS - 1);
    expect(row.lastStatus).toBe(503);
  });

  it('refuses a delivery whose host name resolves to a loopback address by then (DNS rebinding), without connecting', async () => {
    const listener = await countingListener();
    const dns: Record<string, string[]> = { 'rebind.example.test': [PUBLIC_V4] };
    overrideOutboundPolicy({ resolve: tableResolver(dns) });
    try {
      const tenant = await t.tenant();
      const created = await t.call(
        'webhook.create',
        { url: `https://rebind.example.test:${listener.port}/in`, events: ['task.created'] },
        tenant.users.admin.token,
      );
      expect(created.status).toBe(200);
      dns['rebind.example.test'] = ['127.0.0.1'];
      await emitEvents(t.db.ownerKnex, tenant.id, [taskCreated()]);
      await deliverDue(t.db.ownerKnex);
      const [row] = await deliveries(tenant.id);
      expect(row).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastStatus: null,
        lastError: 'rebind.example.test resolves to a loopback address; webhook targets must be public',
      });
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('refuses a stored URL that points inside the network (saved before the fence), without connecting', async () => {
    const listener = await countingListener();
    try {
      const { tenant, id } = await subscribed(['task.created']);
      for (const url of [
        `https://127.0.0.2:${listener.port}/in`,
        `https://[::ffff:127.0.0.1]:${listener.port}/in`,
        'https://169.254.169.254/latest/meta-data/',
      ]) {
        await t.db.ownerKnex.transaction(async (trx) => {
          await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenant.id]);
          await trx('webhooks').where({ tenantId: tenant.id, id }).update({ url });
          await trx('webhookDeliveries').where({ tenantId: tenant.id }).delete();
        });
        await emitEvents(t.db.ownerKnex, tenant.id, [taskCreated()]);
        await deliverDue(t.db.ownerKnex);
        const [row] = await deliveries(tenant.id);
        expect(row, url).toMatchObject({
          status: 'pending',
          lastStatus: null,
          lastError: expect.stringMatching(/^must not point at (a loopback|a cloud metadata) address/),
        });
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('does not follow a redirect: a 3xx is a failed delivery and its target gets nothing', async () => {
    const { tenant, path } = await subscribed(['task.created']);
    receiver.fail(path, 302, 1, { location: receiver.url(`${path}-elsewhere`) });
    await emitEvents(t.db.ownerKnex, tenant.id, [taskCreated()]);
    await deliverDue(t.db.ownerKnex);
    const [row] = await deliveries(tenant.id);
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 302,
      lastError: 'HTTP 302 (redirects are not followed)',
    });
    expect(receiver.received(path)).toHaveLength(1);
    expect(receiver.received(`${path}-elsewhere`)).toHaveLength(0);
    expect((await t.call('webhook.list', {}, tenant.users.admin.token)).body.data[0].failureCount).toBe(1);
  });

  it("never sends a tenant's events to another tenant's webhooks", async () => {
    const a = await subscribed(['task.created']);
    const b = await subscribed(['task.created']);
    await emitEvents(t.db.ownerKnex, a.tenant.id, [taskCreated(), taskCreated()]);
    await deliverDue(t.db.ownerKnex);
    expect(receiver.received(a.path)).toHaveLength(2);
    expect(receiver.received(b.path)).toHaveLength(0);
    for (const r of receiver.received(a.path)) expect(JSON.parse(r.body).tenantId).toBe(a.tenant.id);
    expect(await deliveries(b.tenant.id)).toEqual([]);
  });

  it("delivers the lower seq that commits after an older transaction's event, then moves the cursor past both", async () => {
    const { tenant, path, id } = await subscribed(['task.created']);
    const { v, r, commitR, release } = await interleavedCommits(t.db.ownerKnex, tenant.id);
    try {
      expect(r.seq).toBeLessThan(v.seq);
      const sent = () => receiver.received(path).map((req) => JSON.parse(req.body).cursor as string);
      await until(
        async () => (await deliverDue(t.db.ownerKnex), sent()),
        (c) => c.length > 0,
      );
      expect(sent()).toEqual([v.cursor]);
      await commitR();
      await until(
        async () => (await deliverDue(t.db.ownerKnex), sent()),
        (c) => c.length > 1,
      );
      expect(sent()).toEqual([v.cursor, r.cursor]);
      const row = await t.db.ownerKnex.transaction(async (trx) => {
        await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenant.id]);
        return trx('webhooks').where({ tenantId: tenant.id, id }).first();
      });
      expect({ txId: row.lastEventTx, seq: row.lastEventSeq }).toEqual({ txId: r.txId, seq: r.seq });
    } finally {
      await release();
    }
  });

  it('backs off 30 s doubling per attempt, capped at 6 h, with jitter', () => {
    expect(deliveryBackoffMs(1, () => 0.5)).toBe(30_000);
    expect(deliveryBackoffMs(3, () => 0.5)).toBe(120_000);
    expect(deliveryBackoffMs(20, () => 0.5)).toBe(6 * 3_600_000);
    expect(deliveryBackoffMs(1, () => 0)).toBe(24_000);
    expect(deliveryBackoffMs(1, () => 0.999_999)).toBeLessThanOrEqual(36_000);
  });
});
