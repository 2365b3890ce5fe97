import { ApiError } from '../../http/errors';
import { decodeCursor } from '../shared/pagination';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A microsecond UTC timestamp as `to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` prints it. */
export const MICROS_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
/** An ISO timestamp as `Date.toISOString()` prints it. */
export const MILLIS_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** Any string (a name). */
export const ANY_TEXT = /^/;

/**
 * Decodes a keyset cursor of (sort value, id); a cursor whose values do not have the expected shape is the
 * same 400 on `cursor` as one that does not decode, instead of a database error later.
 */
export function decodeKeyset(cursor: string, shape: RegExp): [string, string] {
  const [value, id] = decodeCursor(cursor, 2);
  if (typeof value === 'string' && typeof id === 'string' && shape.test(value) && UUID.test(id)) return [value, id];
  throw new ApiError('validation_failed', 'Invalid input at cursor: not a cursor from this list', {
    issues: [{ path: 'cursor', message: 'not a cursor from this list', code: 'invalid_cursor' }],
  });
}
