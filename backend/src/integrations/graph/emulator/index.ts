export { type FaultSpec, type GraphControl, createControl } from './control';
export { FILTERED_DELTA_CAP } from './delta';
export { type SeedOptions, seedMailbox } from './seed';
export { type GraphEmulator, type GraphEmulatorOptions, createGraphEmulatorApp, startGraphEmulator } from './server';
export { GRAPH_MAIL_LIMITS, type ThrottleLimits } from './throttle';
export type { MessageInput, Recipient, SentRecord, StoredMessage } from './types';
