import type { Context, Next } from 'koa';
import { parsePrefer } from './present';
import { NotFound, type GraphStore } from './store';
import type { OAuthState } from './oauth';
import type { SubscriptionHub } from './subscriptions';
import type { MailboxThrottle } from './throttle';
import type { Mailbox, SentRecord } from './types';

/** A Graph request as the emulator saw it (tests assert the client sent its bearer token). */
export type SeenRequest = {
  method: string;
  path: string;
  mailbox: string | null;
  token: string | null;
  signedInAs: string | null;
  status: number;
};

/** Everything the Graph and control routes share. */
export type EmulatorState = {
  store: GraphStore;
  throttle: MailboxThrottle;
  sent: SentRecord[];
  requests: SeenRequest[];
  subscriptions: SubscriptionHub;
  oauth: OAuthState;
};

/** A Graph-shaped 400 that route handlers throw. */
export class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Answers with Graph's error envelope `{ error: { code, message, innerError } }`. */
export function graphError(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': crypto.randomUUID() } },
  };
}

/** The mailbox the gate resolved for this request. */
export function mailboxOf(ctx: Context): Mailbox {
  return ctx.state.mailbox as Mailbox;
}

/** The scheme and host the client used (Koa 3's `ctx.origin` is the Origin header), for absolute links. */
export function originOf(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}

/** The request's `Prefer` choices (immutable ids, max page size). */
export function preferOf(ctx: Context): ReturnType<typeof parsePrefer> {
  return parsePrefer(ctx.get('prefer') || undefined);
}

const USER_PATH = /^\/v1\.0\/users\/([^/]+)(?:\/|$)/;
const MAX_SEEN = 5_000;

/**
 * Runs before every `/v1.0` route: bearer check (401), mailbox resolution (404), queued 429/503/504 faults,
 * the per-mailbox window and concurrency budgets (429 + Retry-After), injected latency, and Graph-shaped errors.
 */
export function graphGate(state: EmulatorState) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.path.startsWith('/v1.0/')) return next();
    const token = /^Bearer\s+(\S+)/i.exec(ctx.get('authorization'))?.[1] ?? null;
    const seen: SeenRequest = { method: ctx.method, path: ctx.path, mailbox: null, token, signedInAs: null, status: 0 };
    state.requests.push(seen);
    if (state.requests.length > MAX_SEEN) state.requests.shift();
    try {
      await gated(state, ctx, next, seen, token);
    } finally {
      seen.status = ctx.status;
    }
  };
}

async function gated(
  state: EmulatorState,
  ctx: Context,
  next: Next,
  seen: SeenRequest,
  token: string | null,
): Promise<void> {
  if (!token) return graphError(ctx, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  // Once the OAuth endpoints issued a token, only issued tokens pass; before that any non-empty token does.
  const issued = state.oauth.lookup(token);
  if (state.oauth.issuedAny && !issued.known)
    return graphError(ctx, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  seen.signedInAs = issued.address;
  ctx.state.signedInAs = issued.address;
  if (ctx.path === '/v1.0/subscriptions' || ctx.path.startsWith('/v1.0/subscriptions/')) return routed(ctx, next);
  const user = USER_PATH.exec(ctx.path)?.[1];
  const mailbox = user ? state.store.resolve(user) : undefined;
  if (!mailbox) return graphError(ctx, 404, 'ErrorInvalidUser', `The requested user '${user ?? ''}' is invalid.`);
  seen.mailbox = mailbox.address;
  const faults = state.throttle.faultsFor(mailbox.address);
  if (faults.throttle.remaining > 0) {
    faults.throttle.remaining -= 1;
    ctx.set('Retry-After', String(faults.throttle.retryAfterSeconds));
    return graphError(ctx, 429, 'TooManyRequests', 'Too many requests; please retry after the indicated time.');
  }
  const admission = state.throttle.admit(mailbox.address);
  if (!admission.ok) {
    ctx.set('Retry-After', String(admission.retryAfterSeconds));
    const limit = admission.reason === 'concurrency' ? 'MailboxConcurrency' : 'ApplicationMailboxRequests';
    return graphError(ctx, 429, 'ApplicationThrottled', `Application is over its ${limit} limit.`);
  }
  try {
    if (faults.unavailable.remaining > 0) {
      faults.unavailable.remaining -= 1;
      const status = faults.unavailable.status;
      return graphError(
        ctx,
        status,
        status === 503 ? 'ServiceUnavailable' : 'GatewayTimeout',
        'The service is temporarily unavailable.',
      );
    }
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    ctx.state.mailbox = mailbox;
    await routed(ctx, next);
  } finally {
    admission.release();
  }
}

async function routed(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined)
      graphError(ctx, 400, 'BadRequest', `Unsupported request: ${ctx.method} ${ctx.path}`);
  } catch (error) {
    if (error instanceof NotFound) return graphError(ctx, 404, error.code, error.message);
    if (error instanceof BadRequest) return graphError(ctx, 400, error.code, error.message);
    throw error;
  }
}
