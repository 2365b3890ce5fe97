import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotificationReceiver, startNotificationReceiver } from './notificationReceiver';
import { type GraphEmulator, startGraphEmulator } from './server';
import { callEmulator } from './testClient';

const ANA = 'ana@agency.example';
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
type Notification = { value: Record<string, unknown>[] };

describe('graph emulator: subscriptions', () => {
  let emulator: GraphEmulator;
  let receiver: NotificationReceiver;
  let silent: NotificationReceiver;
  beforeAll(async () => {
    emulator = await startGraphEmulator();
    emulator.control.seedMailbox({ address: ANA, displayName: 'Ana Ruiz', messages: 3, days: 7 });
    receiver = await startNotificationReceiver();
    silent = await startNotificationReceiver({ echo: false });
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
    await silent.close();
  });

  const subscribe = (notificationUrl: string, extra: Record<string, unknown> = {}) =>
    callEmulator(emulator, 'POST', '/v1.0/subscriptions', {
      body: {
        changeType: 'created,updated,deleted',
        resource: `users/${ANA}/mailFolders('Inbox')/messages`,
        notificationUrl,
        lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
        clientState: 'secret-state',
        expirationDateTime: inMinutes(60),
        ...extra,
      },
    });

  it('creates a subscription after the validation handshake, and refuses an endpoint that does not echo', async () => {
    const ok = await subscribe(`${receiver.url}/notify`);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      resource: `users/${ANA}/mailFolders('Inbox')/messages`,
      clientState: 'secret-state',
      changeType: 'created,updated,deleted',
    });
    expect(receiver.received.some((p) => p.path === '/notify' && p.validationToken)).toBe(true);
    const bad = await subscribe(`${silent.url}/notify`, { lifecycleNotificationUrl: undefined });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { code: string }).code).toBe('ValidationError');
    const list = await callEmulator(emulator, 'GET', '/v1.0/subscriptions');
    expect((list.body.value as { id: string }[]).map((s) => s.id)).toEqual([ok.body.id]);
  });

  it('posts a change notification with the clientState when mail arrives, and records the delivery', async () => {
    const sub = emulator.control.subscriptions()[0];
    const message = emulator.control.deliver(ANA, {
      subject: 'Hello',
      toRecipients: [{ emailAddress: { name: 'Ana', address: ANA } }],
    });
    const post = await receiver.waitFor(
      (p) => p.path === '/notify' && (p.body as Notification | null)?.value?.[0]?.changeType === 'created',
    );
    const item = (post.body as Notification).value[0];
    expect(item).toMatchObject({
      subscriptionId: sub?.id,
      clientState: 'secret-state',
      changeType: 'created',
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: message.id },
    });
    expect(item?.tenantId).toEqual(expect.any(String));
    await callEmulator(emulator, 'PATCH', `/v1.0/users/${ANA}/messages/${message.id}`, { body: { isRead: true } });
    await receiver.waitFor((p) => (p.body as Notification | null)?.value?.[0]?.changeType === 'updated');
    const deliveries = await callEmulator(emulator, 'GET', '/_control/notifications', { token: null });
    expect(deliveries.body.value).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'change', status: 202 })]),
    );
  });

  it('renews with a new expiry and refuses one beyond 4,230 minutes', async () => {
    const id = emulator.control.subscriptions()[0]?.id ?? '';
    const renewed = await callEmulator(emulator, 'PATCH', `/v1.0/subscriptions/${id}`, {
      body: { expirationDateTime: inMinutes(4_000) },
    });
    expect(renewed.status).toBe(200);
    expect(Date.parse(String(renewed.body.expirationDateTime))).toBeGreaterThan(Date.now() + 3_999 * 60_000);
    const over = await callEmulator(emulator, 'PATCH', `/v1.0/subscriptions/${id}`, {
      body: { expirationDateTime: inMinutes(4_300) },
    });
    expect(over.status).toBe(400);
    expect((await subscribe(`${receiver.url}/notify`, { expirationDateTime: inMinutes(5_000) })).status).toBe(400);
  });

  it('sends lifecycle notifications, expires on demand and deletes', async () => {
    const id = emulator.control.subscriptions()[0]?.id ?? '';
    const res = await callEmulator(emulator, 'POST', `/_control/subscriptions/${id}/lifecycle`, {
      token: null,
      body: { lifecycleEvent: 'reauthorizationRequired' },
    });
    expect(res.status).toBe(202);
    const post = await receiver.waitFor((p) => p.path === '/lifecycle' && p.validationToken === null);
    expect((post.body as Notification).value[0]).toMatchObject({
      subscriptionId: id,
      lifecycleEvent: 'reauthorizationRequired',
      clientState: 'secret-state',
    });
    emulator.control.expireSubscription(id);
    expect(emulator.control.subscriptions()).toEqual([]);
    expect(
      (
        await callEmulator(emulator, 'PATCH', `/v1.0/subscriptions/${id}`, {
          body: { expirationDateTime: inMinutes(60) },
        })
      ).status,
    ).toBe(404);
    const another = await subscribe(`${receiver.url}/notify`);
    expect((await callEmulator(emulator, 'DELETE', `/v1.0/subscriptions/${String(another.body.id)}`)).status).toBe(204);
    expect(emulator.control.subscriptions()).toEqual([]);
  });
});
