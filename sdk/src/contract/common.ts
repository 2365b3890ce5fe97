import { z } from 'zod';

/** A UUID (the API makes UUIDv7). */
export const Id = z.uuid();
/** An ISO-8601 timestamp with offset, e.g. `2026-03-01T09:00:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });
/** A calendar date, `YYYY-MM-DD`. */
export const DateOnly = z.iso.date();
/** An ISO-4217 currency code such as `EUR`. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO-4217 code such as EUR');
/** A money amount as a decimal string with at most 2 decimals (kept exact: `numeric(18,2)`). */
export const Decimal = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? v.toFixed(2) : v))
  .pipe(z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'expected a decimal amount with at most 2 decimals'));
/** A stage key of a pipeline's `stageOrder`. */
export const StageKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a stage key');
/** An IANA time zone such as `Europe/Paris`. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone');
/** An ISO-8601 duration such as `P2D` or `PT12H`. */
export const Duration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'expected an ISO-8601 duration');
/** Free-form JSON object stored as jsonb. */
export const JsonObject = z.record(z.string(), z.unknown());
/** The version counter every mutable record carries (optimistic concurrency). */
export const Version = z.number().int().min(1);
/** Fields every DTO carries (spec: Core Data Model). */
export const base = {
  id: Id,
  tenantId: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** Keyset pagination input of every list: an opaque cursor and a page size (default 50, max 200). */
export const pageInput = {
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/** The output of every list: one page of items and the cursor of the next page (null at the end). */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** Input of the get/archive style operations: just the record id. */
export const ByIdInput = z.object({ id: Id });

/** Parses a boolean from JSON or from a query string (`true`/`false`). */
export const QueryBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** A list filter: a JSON array, or from a query string one value or comma-separated values. */
export function QueryList<T extends z.ZodType<unknown, string>>(item: T) {
  return z.union([
    z.array(item),
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x.length > 0),
      )
      .pipe(z.array(item)),
  ]);
}

/** A wall-clock time of day, `HH:mm` (24-hour). */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day HH:mm');
/** An e-mail address, lower-cased when parsed (addresses are compared and stored in lower case). */
export const Email = z.email().max(320).toLowerCase();
/** A phone number in E.164 form, e.g. `+33612345678`. */
export const Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number such as +33612345678');
/** The optional `expectedVersion` of update operations (optimistic concurrency). */
export const ExpectedVersion = z.number().int().min(1).optional();
/** A closed date range `{ from, to }` (inclusive), `from` not after `to`. */
export const DateRange = z
  .object({ from: DateOnly, to: DateOnly })
  .refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['to'] });
/** A tag on a record: 1 to 50 characters. */
export const Tag = z.string().trim().min(1).max(50);
