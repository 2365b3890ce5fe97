import { ApiError } from '../../http/errors';

/** Encodes the sort-key values of the last row of a page into an opaque cursor. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` values; a bad cursor is a 400 on `cursor`. */
export function decodeCursor(cursor: string, arity: number): (string | number | null)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return values as (string | number | null)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError('validation_failed', 'Invalid input at cursor: not a cursor from this list', {
    issues: [{ path: 'cursor', message: 'not a cursor from this list', code: 'invalid_cursor' }],
  });
}

/** Cuts a fetched `limit + 1` rows into the page and the next cursor (from the last row kept). */
export function pageOf<R, T>(rows: R[], limit: number, key: (row: R) => (string | number | null)[], present: (row: R) => T): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(present), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}
