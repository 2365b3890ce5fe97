import type { EmulatorState, SeenRequest } from './gate';
import { type NewMessage, putMessage } from './mail';
import { type SeedOptions, seedMailbox } from './seed';
import type { LifecycleEvent, NotificationDelivery, Subscription } from './subscriptions';
import type { ThrottleLimits } from './throttle';
import type { SentRecord, StoredMessage } from './types';

/** A fault to queue for one mailbox. */
export type FaultSpec =
  | { kind: 'throttle'; count: number; retryAfterSeconds?: number }
  | { kind: 'unavailable'; count: number; status: 503 | 504 }
  | { kind: 'syncStateNotFound'; count?: number }
  | { kind: 'replay'; rounds?: number; items: number }
  | { kind: 'latency'; ms: number };

/** The test and demo handle on an emulator: seed, deliver, delete, inject faults, read what was sent. */
export type GraphControl = {
  seedMailbox(options: SeedOptions): {
    address: string;
    userId: string;
    folders: { id: string; displayName: string }[];
  };
  deliver(address: string, message: NewMessage, folder?: string): StoredMessage;
  deleteMessage(address: string, messageId: string): void;
  moveMessage(address: string, messageId: string, folder: string): StoredMessage;
  messages(address: string, folder?: string): StoredMessage[];
  folderId(address: string, folder: string): string;
  injectFault(address: string, fault: FaultSpec): void;
  setLimits(limits: Partial<ThrottleLimits>): void;
  sent(): SentRecord[];
  requests(): SeenRequest[];
  subscriptions(): Subscription[];
  notifications(): NotificationDelivery[];
  sendLifecycle(subscriptionId: string, event: LifecycleEvent): void;
  expireSubscription(subscriptionId: string): void;
  signInAs(address: string): void;
  failNextRefresh(): void;
  reset(): void;
};

/** Builds the control object over the emulator state. */
export function createControl(state: EmulatorState): GraphControl {
  const { store, throttle } = state;
  const mailbox = (address: string) => {
    const found = store.resolve(address);
    if (!found) throw new Error(`No emulated mailbox ${address}`);
    return found;
  };
  return {
    seedMailbox(options) {
      const seeded = seedMailbox(store, options);
      const folders = [...seeded.folders.values()]
        .filter((f) => !f.removed)
        .map((f) => ({ id: f.id, displayName: f.displayName }));
      return { address: seeded.address, userId: seeded.userId, folders };
    },
    deliver: (address, message, folder = 'inbox') =>
      structuredClone(putMessage(store, mailbox(address), store.namedFolder(mailbox(address), folder).id, message)),
    deleteMessage(address, messageId) {
      const target = mailbox(address);
      store.delete(target, store.requireMessage(target, messageId));
    },
    moveMessage(address, messageId, folder) {
      const target = mailbox(address);
      return structuredClone(
        store.move(target, store.requireMessage(target, messageId), store.namedFolder(target, folder)),
      );
    },
    messages(address, folder) {
      const target = mailbox(address);
      const folderId = folder ? store.namedFolder(target, folder).id : null;
      return [...target.messages.values()]
        .filter((m) => folderId === null || m.folderId === folderId)
        .map((m) => structuredClone(m));
    },
    folderId: (address, folder) => store.namedFolder(mailbox(address), folder).id,
    injectFault(address, fault) {
      const faults = throttle.faultsFor(mailbox(address).address);
      if (fault.kind === 'throttle')
        faults.throttle = { remaining: fault.count, retryAfterSeconds: fault.retryAfterSeconds ?? 1 };
      else if (fault.kind === 'unavailable') faults.unavailable = { remaining: fault.count, status: fault.status };
      else if (fault.kind === 'syncStateNotFound') faults.syncStateNotFound = fault.count ?? 1;
      else if (fault.kind === 'replay') faults.replay = { rounds: fault.rounds ?? 1, items: fault.items };
      else faults.latencyMs = fault.ms;
    },
    setLimits(limits) {
      throttle.limits = { ...throttle.limits, ...limits };
    },
    sent: () => structuredClone(state.sent),
    requests: () => state.requests.map((r) => ({ ...r })),
    subscriptions: () => state.subscriptions.list(),
    notifications: () => structuredClone(state.subscriptions.deliveries),
    sendLifecycle: (id, event) => state.subscriptions.lifecycle(id, event),
    expireSubscription: (id) => state.subscriptions.expire(id),
    signInAs(address) {
      state.oauth.signInAs = mailbox(address).address;
    },
    failNextRefresh() {
      state.oauth.failNextRefresh = true;
    },
    reset() {
      state.subscriptions.reset();
      state.oauth.reset();
      store.mailboxes.clear();
      throttle.reset();
      state.sent.length = 0;
      state.requests.length = 0;
    },
  };
}
