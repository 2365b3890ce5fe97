import { v7 } from 'uuid';

/** A new time-ordered UUIDv7: every id the app writes is made here, never by the database. */
export function uuidv7(): string {
  return v7();
}
