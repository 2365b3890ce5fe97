import type { z } from 'zod';
import type { FieldIssue } from '@pivotal-pm/sdk';
import { ApiError } from './errors';

/** Turns zod issues into field-path issues (`stageOrder.2`, `(root)` for the object itself). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
    code: i.code,
  }));
}

/** Parses input with the operation's schema or throws `400 validation_failed` naming each field. */
export function validateInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const res = schema.safeParse(raw ?? {});
  if (res.success) return res.data;
  const issues = fieldIssues(res.error);
  const first = issues[0];
  const message = first ? `Invalid input at ${first.path}: ${first.message}` : 'Invalid input';
  throw new ApiError('validation_failed', message, { issues });
}

/**
 * Reads a GET query string as operation input: `?input=<json>` is exact; otherwise each parameter is
 * parsed as JSON when it parses (numbers, booleans, arrays) and kept as a string when it does not;
 * a repeated parameter becomes an array.
 */
export function inputFromQuery(query: Record<string, string | string[] | undefined>): unknown {
  if (typeof query.input === 'string') {
    try {
      return JSON.parse(query.input);
    } catch {
      throw new ApiError('validation_failed', 'Invalid input at input: not JSON', {
        issues: [{ path: 'input', message: 'not JSON', code: 'invalid_json' }],
      });
    }
  }
  const out: Record<string, unknown> = {};
  const parse = (v: string): unknown => {
    if (!/^(-?\d+(\.\d+)?|true|false|null|\[.*\]|\{.*\})$/.test(v)) return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  };
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(parse) : parse(v);
  }
  return out;
}

/**
 * Validates a GET query: first with values read as JSON where they parse (`limit=5` is a number), then,
 * if that fails, with every value kept as the string it was (`after=12` for a string field). The first
 * reading's errors are reported when neither fits.
 */
export function validateQueryInput<T extends z.ZodType>(schema: T, query: Record<string, string | string[] | undefined>): { input: z.output<T>; raw: unknown } {
  const parsed = inputFromQuery(query);
  const first = schema.safeParse(parsed);
  if (first.success) return { input: first.data, raw: parsed };
  if (typeof query.input !== 'string') {
    const strings = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const second = schema.safeParse(strings);
    if (second.success) return { input: second.data, raw: strings };
  }
  return { input: validateInput(schema, parsed), raw: parsed };
}
