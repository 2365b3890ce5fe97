/** `q` for a LIKE pattern: `%`, `_` and `\` in it match literally. */
export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An ILIKE pattern matching values that contain `q`; `%`, `_` and `\` in `q` match literally. */
export function containsPattern(q: string): string {
  return `%${escapeLike(q)}%`;
}
