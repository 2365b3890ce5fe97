export { emulatorMailboxAccess } from './emulatorMailboxAccess';
export { GraphRequestError, isNotFound, isSyncStateGone } from './errors';
export { type GraphCalendarAdapter, createGraphCalendar } from './graphCalendar';
export {
  FULL_SELECT,
  type GraphMailAdapter,
  type MessageDeltaRequest,
  type MessageListRequest,
  SYNC_SELECT,
  createGraphMailAdapter,
} from './graphMailAdapter';
export {
  type GraphCall,
  type GraphTransport,
  MAILBOX_CONCURRENCY,
  type TransportEvent,
  type TransportOptions,
  createGraphTransport,
} from './graphTransport';
export { DEFAULT_RETRY, type RetryPolicy, parseRetryAfter, retryDelayMs } from './retry';
export type * from './types';
