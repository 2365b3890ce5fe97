import { type ApiError, invalidField } from '#http/errors';
import { isUuid } from '#db/ids';

/**
 * What one value of a cursor must be: a uuid, a timestamp Postgres reads, a number, any text, or a string matching
 * a pattern (an exact timestamp format). A forged cursor is then a 400 on `cursor`, never a database error.
 */
export type CursorShape = 'uuid' | 'timestamp' | 'number' | 'text' | RegExp;

type ValueOf<S extends CursorShape> = S extends 'number' ? number : string;

/** A microsecond UTC timestamp as `to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` prints it (see `exactTimestampSql`). */
export const MICROS_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
/** An ISO timestamp as `Date.toISOString()` prints it. */
export const MILLIS_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The one error of a cursor that is not from the list it is sent to. */
export function invalidCursor(): ApiError {
  return invalidField('cursor', 'not a cursor from this list', 'invalid_cursor');
}

function fits(value: unknown, shape: CursorShape): boolean {
  if (shape === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (typeof value !== 'string') return false;
  if (shape === 'uuid') return isUuid(value);
  if (shape === 'timestamp') return !Number.isNaN(Date.parse(value));
  if (shape === 'text') return true;
  return shape.test(value);
}

/** Encodes the sort-key values of the last row of a page into an opaque cursor. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` whose values have `shapes`; anything else is a 400 on `cursor`. */
export function decodeCursor<const S extends readonly CursorShape[]>(
  cursor: string,
  shapes: S,
): { -readonly [K in keyof S]: ValueOf<S[K]> } {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw invalidCursor();
  }
  if (Array.isArray(values) && values.length === shapes.length && values.every((v, i) => fits(v, shapes[i]!))) {
    return values as { -readonly [K in keyof S]: ValueOf<S[K]> };
  }
  throw invalidCursor();
}

/** Cuts a fetched `limit + 1` rows into the page and the next cursor (from the last row kept). */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  key: (row: R) => (string | number)[],
  present: (row: R) => T,
): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(present), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}
