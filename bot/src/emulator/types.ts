/** A Teams user as the emulator knows them; the Teams id (`29:...`) is derived from `aadObjectId`. */
export type TeamsUser = { aadObjectId: string; name: string; tenantId: string };

/** A bot registered with the emulated Bot Service: its Entra app (id and secret) and its messaging endpoint. */
export type BotRegistration = { appId: string; appSecret: string; endpoint: string; name?: string };

/** A Bot Connector write the emulator accepts and records. */
export type ConnectorOperation = 'send' | 'reply' | 'update';

/** One accepted write, in arrival order; an update is recorded as a new entry, so the record keeps each version. */
export type RecordedActivity = {
  operation: ConnectorOperation;
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
  at: string;
};

/** How `deliver` signs the inbound activity: validly, not at all, or with one thing wrong. */
export type InboundAuth = 'valid' | 'none' | 'wrongKey' | 'wrongAudience' | 'expired' | 'wrongIssuer';

/** The bot's answer to a delivered activity (invoke activities answer a JSON body). */
export type DeliveryResult = { status: number; body: unknown };

/** Which requests a queued fault answers; `any` is every token and Connector request. */
export type FaultMatch = ConnectorOperation | 'token' | 'any';

/** A fault queued with `failNext`: the next `times` matching requests answer `status` (429 with Retry-After). */
export type FaultSpec = {
  status: 401 | 429 | 500 | 503;
  times?: number;
  retryAfterSeconds?: number;
  match?: FaultMatch;
};

/** One sliding-window budget: at most `limit` writes per bot per conversation in `windowSeconds`. */
export type RateLimitRule = { limit: number; windowSeconds: number };

/** Counters for tests and benchmarks: tokens issued, writes accepted and the error answers given. */
export type EmulatorStats = {
  tokensIssued: number;
  accepted: number;
  /** 429s answered because a rate limit was exceeded. */
  rateLimited: number;
  /** Answers given by `failNext` faults. */
  injectedFaults: number;
  /** Every 429 answered (rate limits and injected). */
  tooManyRequests: number;
  /** 401s answered for a missing, unknown or expired bearer token. */
  unauthorized: number;
};
