export { type EmulatorCertificate, ensureEmulatorCertificate, selfSignedCertificate } from './certificate';
export { type FaultSpec, type GraphControl, createControl } from './control';
export { FILTERED_DELTA_CAP } from './delta';
export { type NotificationReceiver, type ReceivedPost, startNotificationReceiver } from './notificationReceiver';
export { OAuthError, OAuthState } from './oauth';
export { type SeedOptions, seedMailbox } from './seed';
export { type GraphEmulator, type GraphEmulatorOptions, createGraphEmulatorApp, startGraphEmulator } from './server';
export {
  EMULATOR_TENANT_ID,
  type LifecycleEvent,
  MAX_SUBSCRIPTION_MINUTES,
  type NotificationDelivery,
  type Subscription,
} from './subscriptions';
export { GRAPH_MAIL_LIMITS, type ThrottleLimits } from './throttle';
export type { MessageInput, Recipient, SentRecord, StoredMessage } from './types';
