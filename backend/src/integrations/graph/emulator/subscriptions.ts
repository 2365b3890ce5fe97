import { BadRequest } from './gate';
import { type GraphStore, NotFound } from './store';
import type { Mailbox } from './types';
import { postJson, validationHandshake } from './webhooks';

/** The tenant id the emulator reports in notifications and tokens. */
export const EMULATOR_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** Graph's longest lifetime for mail subscriptions, in minutes. */
export const MAX_SUBSCRIPTION_MINUTES = 4_230;

/** A message change type a subscription can ask for. */
export type ChangeType = 'created' | 'updated' | 'deleted';
/** A lifecycle event the control API can send. */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** A subscription as Graph answers it (plus the resolved mailbox and folder, which are not sent). */
export type Subscription = {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
};

/** One POST the emulator made to a subscriber: validation, change or lifecycle, with its HTTP status (0 on network error). */
export type NotificationDelivery = {
  kind: 'validation' | 'change' | 'lifecycle';
  url: string;
  status: number;
  at: string;
  body: unknown;
};

/** The fields a client may send when creating a subscription. */
export type SubscriptionInput = {
  resource?: unknown;
  changeType?: unknown;
  notificationUrl?: unknown;
  lifecycleNotificationUrl?: unknown;
  clientState?: unknown;
  expirationDateTime?: unknown;
};

/** A held subscription as persisted (the subscription plus what it watches). */
export type Held = { sub: Subscription; mailbox: string; folderId: string | null; changeTypes: ChangeType[] };
const RESOURCE = /^\/?(?:users|Users)\/([^/]+)\/(?:mailFolders\('?([^')]+)'?\)\/|mailFolders\/([^/]+)\/)?messages$/i;
const CHANGE_TYPES: ChangeType[] = ['created', 'updated', 'deleted'];
const DEBOUNCE_MS = 50;

/** Subscriptions, the validation handshake, batched change notifications, lifecycle events and a delivery log. */
export class SubscriptionHub {
  private readonly held = new Map<string, Held>();
  private readonly pending = new Map<string, { items: Record<string, unknown>[]; timer: NodeJS.Timeout }>();
  readonly deliveries: NotificationDelivery[] = [];
  /** Bumped on every create, renew, expiry or delete (persistence saves when it moved). */
  revision = 0;

  constructor(private readonly store: GraphStore) {
    store.onMessageChange = (mailbox, messageId, folderId, changeType) =>
      this.changed(mailbox, messageId, folderId, changeType);
  }

  /** Validates the request, performs the validation handshake, and stores the subscription (BadRequest on failure). */
  async create(input: SubscriptionInput, creatorId: string | null): Promise<Subscription> {
    const resource = typeof input.resource === 'string' ? input.resource : '';
    const match = RESOURCE.exec(resource);
    if (!match) throw new BadRequest('InvalidRequest', `Resource '${resource}' is not supported.`);
    const mailbox = this.store.resolve(match[1] ?? '');
    if (!mailbox) throw new NotFound('ErrorInvalidUser', `The requested user '${match[1] ?? ''}' is invalid.`);
    const folderName = match[2] ?? match[3];
    const folderId = folderName ? this.store.requireFolder(mailbox, folderName).id : null;
    const changeTypes = parseChangeTypes(input.changeType);
    const notificationUrl = httpUrl(input.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl =
      input.lifecycleNotificationUrl === undefined || input.lifecycleNotificationUrl === null
        ? null
        : httpUrl(input.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const expirationDateTime = this.checkExpiration(input.expirationDateTime);
    if (
      input.clientState !== undefined &&
      input.clientState !== null &&
      (typeof input.clientState !== 'string' || input.clientState.length > 128)
    ) {
      throw new BadRequest('InvalidRequest', 'clientState must be a string of at most 128 characters.');
    }
    for (const url of [notificationUrl, lifecycleNotificationUrl]) if (url) await this.validate(url);
    const sub: Subscription = {
      id: crypto.randomUUID(),
      resource,
      changeType: changeTypes.join(','),
      notificationUrl,
      lifecycleNotificationUrl,
      clientState: typeof input.clientState === 'string' ? input.clientState : null,
      expirationDateTime,
      applicationId: '00000000-0000-0000-0000-00000000e11a',
      creatorId: creatorId ?? mailbox.userId,
      latestSupportedTlsVersion: 'v1_2',
    };
    this.held.set(sub.id, { sub, mailbox: mailbox.address, folderId, changeTypes });
    this.revision += 1;
    return { ...sub };
  }

  /** Renews a live subscription with a new expirationDateTime. */
  renew(id: string, expirationDateTime: unknown): Subscription {
    const held = this.live(id);
    held.sub.expirationDateTime = this.checkExpiration(expirationDateTime);
    this.revision += 1;
    return { ...held.sub };
  }

  /** Deletes a subscription (404 when unknown). */
  remove(id: string): void {
    this.live(id);
    this.held.delete(id);
    this.revision += 1;
  }

  /** Live (unexpired) subscriptions. */
  list(): Subscription[] {
    return [...this.held.values()].filter((h) => this.isLive(h)).map((h) => ({ ...h.sub }));
  }

  /** Expires a subscription now: it stops receiving notifications and no longer lists. */
  expire(id: string): void {
    this.live(id).sub.expirationDateTime = this.store.now().toISOString();
    this.revision += 1;
  }

  /** Posts a lifecycle notification to the subscription's lifecycleNotificationUrl (400 when it has none). */
  lifecycle(id: string, lifecycleEvent: LifecycleEvent): void {
    const held = this.held.get(id);
    if (!held) throw new NotFound('ResourceNotFound', `Subscription ${id} not found.`);
    if (!held.sub.lifecycleNotificationUrl)
      throw new BadRequest('InvalidRequest', 'The subscription has no lifecycleNotificationUrl.');
    const item = {
      subscriptionId: id,
      lifecycleEvent,
      clientState: held.sub.clientState,
      resource: held.sub.resource,
      subscriptionExpirationDateTime: held.sub.expirationDateTime,
      tenantId: EMULATOR_TENANT_ID,
      organizationId: EMULATOR_TENANT_ID,
    };
    void this.post('lifecycle', held.sub.lifecycleNotificationUrl, { value: [item] });
  }

  /** Every held subscription (live or expired), for persistence. */
  exportState(): Held[] {
    return [...this.held.values()].map((h) => structuredClone(h));
  }

  /** Restores persisted subscriptions (their notification URLs must still answer). */
  importState(held: Held[]): void {
    for (const h of held) this.held.set(h.sub.id, structuredClone(h));
  }

  /** Forgets all subscriptions, pending batches and deliveries. */
  reset(): void {
    for (const batch of this.pending.values()) clearTimeout(batch.timer);
    this.pending.clear();
    this.held.clear();
    this.deliveries.length = 0;
  }

  private changed(mailbox: Mailbox, messageId: string, folderId: string, changeType: ChangeType): void {
    for (const held of this.held.values()) {
      if (held.mailbox !== mailbox.address || !this.isLive(held) || !held.changeTypes.includes(changeType)) continue;
      if (held.folderId !== null && held.folderId !== folderId) continue;
      const { sub } = held;
      this.enqueue(sub.notificationUrl, {
        subscriptionId: sub.id,
        clientState: sub.clientState,
        changeType,
        resource: `Users/${mailbox.userId}/Messages/${messageId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Message',
          '@odata.id': `Users/${mailbox.userId}/Messages/${messageId}`,
          id: messageId,
        },
        subscriptionExpirationDateTime: sub.expirationDateTime,
        tenantId: EMULATOR_TENANT_ID,
      });
    }
  }

  private enqueue(url: string, item: Record<string, unknown>): void {
    const batch = this.pending.get(url);
    if (batch) return void batch.items.push(item);
    const timer = setTimeout(() => {
      const items = this.pending.get(url)?.items ?? [];
      this.pending.delete(url);
      void this.post('change', url, { value: items });
    }, DEBOUNCE_MS);
    timer.unref();
    this.pending.set(url, { items: [item], timer });
  }

  private async post(kind: 'change' | 'lifecycle', url: string, body: unknown): Promise<void> {
    const delivery: NotificationDelivery = { kind, url, status: 0, at: this.store.now().toISOString(), body };
    this.deliveries.push(delivery);
    delivery.status = await postJson(url, body);
  }

  private async validate(url: string): Promise<void> {
    const result = await validationHandshake(url);
    this.deliveries.push({
      kind: 'validation',
      url,
      status: result.status,
      at: this.store.now().toISOString(),
      body: null,
    });
    if (!result.ok)
      throw new BadRequest(
        'ValidationError',
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (${url}).`,
      );
  }

  private checkExpiration(value: unknown): string {
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) throw new BadRequest('InvalidRequest', 'expirationDateTime is required.');
    const now = this.store.now().getTime();
    if (at <= now) throw new BadRequest('InvalidRequest', 'Subscription expiration can only be in the future.');
    if (at > now + MAX_SUBSCRIPTION_MINUTES * 60_000)
      throw new BadRequest(
        'InvalidRequest',
        `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`,
      );
    return new Date(at).toISOString();
  }

  private live(id: string): Held {
    const held = this.held.get(id);
    if (!held || !this.isLive(held))
      throw new NotFound('ResourceNotFound', `The object was not found (subscription ${id}).`);
    return held;
  }

  private isLive(held: Held): boolean {
    return Date.parse(held.sub.expirationDateTime) > this.store.now().getTime();
  }
}

function parseChangeTypes(value: unknown): ChangeType[] {
  const parts = typeof value === 'string' ? value.split(',').map((p) => p.trim()) : [];
  if (parts.length === 0 || parts.some((p) => !CHANGE_TYPES.includes(p as ChangeType)))
    throw new BadRequest('InvalidRequest', 'changeType must list created, updated and/or deleted.');
  return parts as ChangeType[];
}

function httpUrl(value: unknown, name: string): string {
  const ok = typeof value === 'string' && /^https?:\/\//i.test(value) && URL.canParse(value);
  if (!ok) throw new BadRequest('InvalidRequest', `${name} must be an http(s) URL.`);
  return value as string;
}
