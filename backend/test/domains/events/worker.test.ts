import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers } from '#workers/index';
import { createTestApp, type TestApp } from '../../helpers/app';
import { emitEvents, taskCreated } from './helpers';
import { startReceiver, type Receiver } from './receiver';

describe('deliver_webhooks task (graphile-worker)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  beforeAll(async () => {
    [t, receiver] = await Promise.all([createTestApp(), startReceiver()]);
    workers = await startWorkers(t.db.ownerUrl, pino({ level: 'silent' }), 1);
  });
  afterAll(async () => {
    await workers?.stop();
    await workers?.pool.end();
    await receiver?.close();
    await t?.close();
  });

  it('is queued by the events notification and delivers within seconds', async () => {
    const tenant = await t.tenant();
    const created = await t.call(
      'webhook.create',
      { url: receiver.url('/worker'), events: ['task.created'] },
      tenant.users.admin.token,
    );
    expect(created.status).toBe(200);
    const [event] = await emitEvents(t.db.ownerKnex, tenant.id, [taskCreated()]);
    const deadline = Date.now() + 8_000;
    while (receiver.received('/worker').length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const [req] = receiver.received('/worker');
    expect(req).toBeDefined();
    expect(JSON.parse(req!.body).cursor).toBe(event!.cursor);
  });
});
