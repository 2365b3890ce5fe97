import type { Knex } from 'knex';
import { decodeCursor, type CursorShape } from './pagination';

/**
 * Orders a list query by `columns` (trusted SQL expressions, snake_case, together unique and never null, each with
 * the shape its cursor value must have) and, when a cursor is given, keeps only the rows after it:
 * `(a, b) > (?, ?)` (or `<` for `desc`). Fetch `limit + 1` rows and cut them with `pageOf`, whose key function must
 * answer the same columns.
 */
export function applyKeyset<Q extends Knex.QueryBuilder>(
  query: Q,
  columns: Readonly<Record<string, CursorShape>>,
  cursor: string | undefined,
  direction: 'asc' | 'desc' = 'asc',
): Q {
  const names = Object.keys(columns);
  const tuple = `(${names.join(', ')})`;
  if (cursor !== undefined) {
    const values = decodeCursor(cursor, Object.values(columns));
    query.whereRaw(`${tuple} ${direction === 'asc' ? '>' : '<'} (${names.map(() => '?').join(', ')})`, values);
  }
  query.orderByRaw(names.map((c) => `${c} ${direction}`).join(', '));
  return query;
}
