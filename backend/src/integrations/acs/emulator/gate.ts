import type { Context, Next } from 'koa';
import { AcsRequestError } from './calls';
import { verifyHmac } from './hmac';
import { type AcsState, acsError } from './types';

const MAX_BODY = 1_000_000;
/** Paths served without a signature: the callback-token keys and the control API. */
const PUBLIC = [/^\/_emulator(\/|$)/, /^\/calling\/\.well-known\//, /^\/calling\/keys$/];

async function rawBody(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new AcsRequestError(413, 'RequestEntityTooLarge', 'Request body too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const statusCode = (status: number): string =>
  status === 429
    ? 'TooManyRequests'
    : status === 503
      ? 'ServiceUnavailable'
      : status >= 500
        ? 'InternalServerError'
        : 'Error';

/**
 * Runs before every ACS route: reads the raw body, checks the HMAC-SHA256 signature (401 `Denied` otherwise),
 * answers queued faults, parses JSON into `ctx.state.body`, and turns route errors into ACS error bodies.
 */
export function acsGate(state: AcsState) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (PUBLIC.some((p) => p.test(ctx.path))) return next();
    try {
      const body = await rawBody(ctx);
      const query = new URLSearchParams(ctx.querystring).toString();
      const verdict = verifyHmac(state.accessKey, {
        method: ctx.method,
        pathAndQuery: query ? `${ctx.path}?${query}` : ctx.path,
        host: ctx.get('x-ms-host') || ctx.get('host'),
        headers: {
          date: ctx.get('x-ms-date') || undefined,
          contentHash: ctx.get('x-ms-content-sha256') || undefined,
          authorization: ctx.get('authorization') || undefined,
        },
        body,
      });
      if (!verdict.ok) {
        ctx.status = 401;
        ctx.body = acsError('Denied', `Denied by the resource provider. (${verdict.reason})`);
        return;
      }
      const fault = state.faults.find(
        (f) => f.remaining > 0 && ctx.path.includes(f.path) && (f.method === null || f.method === ctx.method),
      );
      if (fault) {
        fault.remaining -= 1;
        if (fault.status === 429 || fault.status === 503) ctx.set('Retry-After', String(fault.retryAfterSeconds));
        ctx.status = fault.status;
        ctx.body = acsError(statusCode(fault.status), 'Failure injected by the emulator.');
        return;
      }
      try {
        ctx.state.body = body ? (JSON.parse(body) as unknown) : {};
      } catch {
        throw new AcsRequestError(400, 'BadRequest', 'The request body is not valid JSON.');
      }
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = acsError('NotFound', `Unsupported request: ${ctx.method} ${ctx.path}`);
      }
    } catch (error) {
      if (!(error instanceof AcsRequestError)) throw error;
      ctx.status = error.status;
      ctx.body = acsError(error.code, error.message);
    }
  };
}
