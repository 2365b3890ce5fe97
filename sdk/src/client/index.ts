export * from './errors';
export * from './listCall';
export * from './PivotalClient';
export type { SleepFn } from './retry';
export * from './types';
export type { ClientMethods } from './generated/methods';
