import type { z } from 'zod';
import type { FieldIssue } from '@pivotal-pm/sdk';
import { invalidField, invalidInputs } from './errors';

/** Turns zod issues into field-path issues (`stageOrder.2`, `(root)` for the object itself). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
    code: i.code,
  }));
}

/** Deepest nesting of objects and arrays any input may have (the root object is level 1). */
export const MAX_INPUT_DEPTH = 32;

const shown = (key: string) => key.replaceAll('\u0000', '\\u0000');

/**
 * Rules every input obeys before its schema sees it: no NUL character in any string or key (Postgres text and
 * jsonb cannot hold one) and no nesting deeper than MAX_INPUT_DEPTH (a 10,000-deep `customFields` would be
 * walked by the schema, stored, and walked again by every read). Iterative, so a deep input cannot overflow the
 * stack. Answers the first offending issue, or null.
 */
export function inputShapeIssue(raw: unknown): FieldIssue | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: raw, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const at = () => (path.length ? path.map(shown).join('.') : '(root)');
    if (typeof value === 'string') {
      if (value.includes('\u0000'))
        return { path: at(), message: 'must not contain the NUL character (\\u0000)', code: 'invalid_string' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH)
      return { path: at(), message: `nested deeper than ${MAX_INPUT_DEPTH} levels`, code: 'too_deep' };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (key.includes('\u0000'))
        return {
          path: [...path, key].map(shown).join('.'),
          message: 'a key must not contain the NUL character (\\u0000)',
          code: 'invalid_key',
        };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

function checkInputShape(raw: unknown): void {
  const issue = inputShapeIssue(raw);
  if (issue) throw invalidInputs([issue]);
}

/** Parses input with the operation's schema or throws `400 validation_failed` naming each field. */
export function validateInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  checkInputShape(raw);
  const res = schema.safeParse(raw ?? {});
  if (res.success) return res.data;
  throw invalidInputs(fieldIssues(res.error));
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
      throw invalidField('input', 'not JSON', 'invalid_json');
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
export function validateQueryInput<T extends z.ZodType>(
  schema: T,
  query: Record<string, string | string[] | undefined>,
): { input: z.output<T>; raw: unknown } {
  const parsed = inputFromQuery(query);
  checkInputShape(parsed);
  checkInputShape(query);
  const first = schema.safeParse(parsed);
  if (first.success) return { input: first.data, raw: parsed };
  if (typeof query.input !== 'string') {
    const strings = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const second = schema.safeParse(strings);
    if (second.success) return { input: second.data, raw: strings };
  }
  return { input: validateInput(schema, parsed), raw: parsed };
}
