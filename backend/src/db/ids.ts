import { v7 } from 'uuid';

/** A new time-ordered UUIDv7: every id the app writes is made here, never by the database. */
export function uuidv7(): string {
  return v7();
}

/** The canonical 8-4-4-4-12 UUID as a pattern source, for regexes that embed a UUID (API keys, stream tickets). */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');

/** True for a UUID in its canonical 8-4-4-4-12 form (what Postgres's uuid type and the tenant scope accept). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
