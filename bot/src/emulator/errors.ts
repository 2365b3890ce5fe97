import type { Context } from 'koa';
import type { FaultAnswer } from './faults';

/** Answers a Bot Connector error (`{ error: { code, message } }`), with Retry-After when given. */
export function connectorError(ctx: Context, status: number, code: string, message: string, retryAfter?: number) {
  ctx.status = status;
  if (retryAfter !== undefined) ctx.set('Retry-After', String(retryAfter));
  ctx.body = { error: { code, message } };
}

/** Answers the Connector's 401 (its body is ASP.NET's, not the usual error shape). */
export function connectorUnauthorized(ctx: Context): void {
  ctx.status = 401;
  ctx.set('WWW-Authenticate', 'Bearer');
  ctx.body = { message: 'Authorization has been denied for this request.' };
}

/** Answers an injected fault on a Connector route. */
export function connectorFault(ctx: Context, fault: FaultAnswer): void {
  if (fault.status === 401) return connectorUnauthorized(ctx);
  const codes = { 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable' } as const;
  connectorError(ctx, fault.status, codes[fault.status], 'Injected by failNext.', fault.retryAfterSeconds ?? undefined);
}

/** Answers an Entra token endpoint error (`{ error, error_description, error_codes, timestamp, trace_id }`). */
export function oauthError(ctx: Context, status: number, error: string, aadsts: number, message: string): void {
  ctx.status = status;
  ctx.body = {
    error,
    error_description: `AADSTS${aadsts}: ${message}`,
    error_codes: [aadsts],
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    trace_id: crypto.randomUUID(),
    correlation_id: crypto.randomUUID(),
  };
}
