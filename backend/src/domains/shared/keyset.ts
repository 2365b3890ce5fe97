import { ApiError } from '../../http/errors';
import { decodeCursor } from './pagination';

/** A keyset position on (timestamp, id): `at` is an exact ISO timestamp (microseconds), `id` a uuid. */
export type TimeIdCursor = { at: string; id: string };

/**
 * SQL rendering a timestamptz expression exactly (microseconds, UTC, ISO-8601) for a cursor: a JS Date keeps
 * only milliseconds, so a cursor built from one could skip or repeat rows that differ by microseconds.
 */
export function exactTimestampSql(expr: string): string {
  return `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a `[at, id]` cursor made by `pageOf`; anything else is a 400 on `cursor`. */
export function decodeTimeIdCursor(cursor: string): TimeIdCursor {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id)) return { at, id };
  throw new ApiError('validation_failed', 'Invalid input at cursor: not a cursor from this list', {
    issues: [{ path: 'cursor', message: 'not a cursor from this list', code: 'invalid_cursor' }],
  });
}
