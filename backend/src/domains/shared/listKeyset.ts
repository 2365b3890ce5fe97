import type { Knex } from 'knex';
import { decodeCursor } from './pagination';

/**
 * Orders a list query by `columns` (trusted SQL expressions, snake_case, together unique and never null)
 * and, when a cursor is given, keeps only the rows after it: `(a, b) > (?, ?)` (or `<` for `desc`).
 * Fetch `limit + 1` rows and cut them with `pageOf`, whose key function must answer the same columns.
 */
export function applyKeyset<Q extends Knex.QueryBuilder>(query: Q, columns: readonly string[], cursor: string | undefined, direction: 'asc' | 'desc' = 'asc'): Q {
  const tuple = `(${columns.join(', ')})`;
  if (cursor !== undefined) {
    const values = decodeCursor(cursor, columns.length);
    query.whereRaw(`${tuple} ${direction === 'asc' ? '>' : '<'} (${columns.map(() => '?').join(', ')})`, values);
  }
  query.orderByRaw(columns.map((c) => `${c} ${direction}`).join(', '));
  return query;
}
