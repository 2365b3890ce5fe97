import { ApiError } from './errors';

type PgError = Error & { code?: string; constraint?: string; column?: string; errors?: unknown[]; cause?: unknown };

/** Seconds a client is told to wait (`Retry-After`) when the database is unreachable. */
export const DB_UNAVAILABLE_RETRY_SECONDS = 5;

/** True for errors worth one retry of the whole transaction (serialization failure, deadlock). */
export function isRetryableDbError(err: unknown): boolean {
  const code = (err as PgError)?.code;
  return code === '40001' || code === '40P01';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// pg's own messages for a connection that failed or died (they carry no code).
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout expired|Client has encountered a connection error|Connection ended unexpectedly)/;

/**
 * True when an error means the database cannot be reached right now rather than that the request is wrong:
 * refused or reset connections, Postgres shutting down or starting (57P01-57P03), SQLSTATE class 08, too many
 * connections (53300), pg's connection timeouts and knex's pool acquire timeout. Follows `cause` and the
 * attempts of an AggregateError (Node tries each address of `localhost`).
 */
export function isDbUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as PgError;
  const code = typeof e.code === 'string' ? e.code : '';
  if (
    NETWORK_CODES.has(code) ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '53300'
  )
    return true;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDbUnavailable(inner, depth + 1))) return true;
  return isDbUnavailable(e.cause, depth + 1);
}

/** Maps a database error to an API error without leaking SQL; undefined when it is not a known case. */
export function mapDbError(err: unknown): ApiError | undefined {
  const e = err as PgError;
  if (isDbUnavailable(err)) {
    return new ApiError('unavailable', 'The database is unreachable right now; retry shortly', {
      retryAfterSeconds: DB_UNAVAILABLE_RETRY_SECONDS,
    });
  }
  switch (e?.code) {
    case '23505':
      return new ApiError(
        'already_exists',
        'A record with the same unique values already exists',
        e.constraint ? { constraint: e.constraint } : undefined,
      );
    case '23503':
      return new ApiError(
        'reference_invalid',
        'A referenced record does not exist in this tenant',
        e.constraint ? { constraint: e.constraint } : undefined,
      );
    case '23514':
    case '23502':
      return new ApiError('validation_failed', 'A value breaks a data rule', {
        issues: [{ path: e.column ?? '(root)', message: 'violates a data rule', code: e.code }],
      });
    case '22P02':
    case '22007':
    case '22008':
      return new ApiError('validation_failed', 'A value has the wrong format', {
        issues: [{ path: '(root)', message: 'invalid value', code: e.code }],
      });
    // Backstops for what input validation refuses first: a NUL character (text, jsonb) and nesting too deep.
    case '22021':
    case '22P05':
      return new ApiError('validation_failed', 'A value contains a character the database cannot store (such as NUL)', {
        issues: [{ path: '(root)', message: 'unsupported character', code: e.code }],
      });
    case '54001':
      return new ApiError('validation_failed', 'A value is nested too deeply', {
        issues: [{ path: '(root)', message: 'nested too deeply', code: e.code }],
      });
    case '40001':
    case '40P01':
      return new ApiError('conflict', 'The record changed concurrently; retry the request');
    case '42501':
      return new ApiError('not_found', 'Not found');
    default:
      return undefined;
  }
}
