/** JSON with object keys sorted, so two equal jsonb values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** True when two column values are the same (deep, key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/**
 * The fields of `next` whose value differs from `current`, in `fields` order: the `changed` list of an
 * `*.updated` event and the columns to write.
 */
export function changedFields<T extends Record<string, unknown>>(
  current: T,
  next: Partial<T>,
  fields: readonly (keyof T & string)[],
): (keyof T & string)[] {
  return fields.filter((f) => next[f] !== undefined && !sameValue(current[f], next[f]));
}

/** A `LIKE ... ESCAPE '\'` pattern matching `text` anywhere, case-insensitively (compare with lower(column)). */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A decimal amount as Postgres `numeric(18,2)` prints it (`1000` -> `1000.00`), to compare with stored ones. */
export function normalizeAmount(amount: string): string {
  const negative = amount.startsWith('-');
  const [int = '0', frac = ''] = amount.replace(/^-/, '').split('.');
  const digits = `${int.replace(/^0+(?=\d)/, '')}.${(frac + '00').slice(0, 2)}`;
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}
