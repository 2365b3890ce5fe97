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

/** Decodes a `[at, id]` cursor made by `pageOf`; anything else is a 400 on `cursor`. */
export function decodeTimeIdCursor(cursor: string): TimeIdCursor {
  const [at, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
  return { at, id };
}
