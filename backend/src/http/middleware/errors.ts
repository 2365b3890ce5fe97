import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { mapDbError } from '../dbErrors';
import { ApiError } from '../errors';
import type { Metrics } from '#observability/metrics';
import type { RequestState } from '../mountOperations';

/** Gives every request an id (kept from `x-request-id` when sane) and echoes it back. */
export async function requestId(ctx: Context, next: Next): Promise<void> {
  const given = ctx.get('x-request-id');
  const id = /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : randomUUID();
  (ctx.state as RequestState).requestId = id;
  ctx.set('x-request-id', id);
  await next();
}

/** Turns thrown errors into `{error:{code,message,requestId,details?}}`; 5xx bodies carry only the requestId. */
export function errorHandler(log: Logger, metrics: Metrics) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const state = ctx.state as RequestState;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new ApiError('not_found', `No route ${ctx.method} ${ctx.path}`);
      }
    } catch (thrown) {
      const operation = state.operationId ?? 'none';
      // Database errors raised outside an operation's transaction (authentication, public routes) map the same way.
      const err = thrown instanceof ApiError ? thrown : (mapDbError(thrown) ?? thrown);
      if (err instanceof ApiError) {
        ctx.status = err.status;
        ctx.body = {
          error: {
            code: err.code,
            message: err.message,
            requestId: state.requestId,
            ...(err.details === undefined ? {} : { details: err.details }),
          },
        };
        if (err.code === 'rate_limited' || err.code === 'unavailable') {
          const s = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
          ctx.set('Retry-After', String(s));
        }
        // An outage is not a defect of ours: warn (once per request) with the cause, and keep error for real failures.
        if (err.code === 'unavailable')
          log.warn({ err: (thrown as Error).message, requestId: state.requestId, operation }, 'service unavailable');
        else if (err.status >= 500 && err.code !== 'not_implemented')
          log.error({ err, requestId: state.requestId, operation }, 'request failed');
        metrics.operationErrors.inc({ operation, code: err.code });
        return;
      }
      const status = (err as { status?: number; expose?: boolean }).status;
      if (status && ((status >= 400 && status < 500) || status === 501)) {
        // Koa, body-parser and router client errors (bad JSON, payload too large, method not allowed).
        ctx.status = status;
        const code = status === 405 ? 'method_not_allowed' : status === 501 ? 'not_implemented' : 'bad_request';
        ctx.body = { error: { code, message: (err as Error).message, requestId: state.requestId } };
        metrics.operationErrors.inc({ operation, code });
        return;
      }
      log.error({ err, requestId: state.requestId, operation }, 'unhandled error');
      metrics.operationErrors.inc({ operation, code: 'internal' });
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: 'Internal error', requestId: state.requestId } };
    }
  };
}

/** Codes of a client that went away while its answer was being streamed (a closed tab, an aborted download). */
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Koa's last-resort error listener (`app.on('error')`): errors after the answer started, which the error
 * middleware cannot turn into a response. A client that went away is not an error of ours and is only counted at
 * debug level; anything else is logged once, as JSON, instead of Koa printing a stack to stderr.
 */
export function serverErrorListener(log: Logger): (error: Error & { code?: string }) => void {
  return (error) => {
    if (error.code !== undefined && CLIENT_GONE.has(error.code)) {
      log.debug({ code: error.code }, 'client closed the connection before its answer was sent');
      return;
    }
    log.error({ err: error }, 'error after the answer started');
  };
}
