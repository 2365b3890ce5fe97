import { ApiError } from './errors';

type PgError = Error & { code?: string; constraint?: string; column?: string };

/** True for errors worth one retry of the whole transaction (serialization failure, deadlock). */
export function isRetryableDbError(err: unknown): boolean {
  const code = (err as PgError)?.code;
  return code === '40001' || code === '40P01';
}

/** Maps a database error to an API error without leaking SQL; undefined when it is not a known case. */
export function mapDbError(err: unknown): ApiError | undefined {
  const e = err as PgError;
  switch (e?.code) {
    case '23505':
      return new ApiError('already_exists', 'A record with the same unique values already exists', e.constraint ? { constraint: e.constraint } : undefined);
    case '23503':
      return new ApiError('reference_invalid', 'A referenced record does not exist in this tenant', e.constraint ? { constraint: e.constraint } : undefined);
    case '23514':
    case '23502':
      return new ApiError('validation_failed', 'A value breaks a data rule', { issues: [{ path: e.column ?? '(root)', message: 'violates a data rule', code: e.code }] });
    case '22P02':
    case '22007':
    case '22008':
      return new ApiError('validation_failed', 'A value has the wrong format', { issues: [{ path: '(root)', message: 'invalid value', code: e.code }] });
    case '40001':
    case '40P01':
      return new ApiError('conflict', 'The record changed concurrently; retry the request');
    case '42501':
      return new ApiError('not_found', 'Not found');
    default:
      return undefined;
  }
}
