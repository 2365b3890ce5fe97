/** An ILIKE pattern matching values that contain `q`; `%`, `_` and `\` in `q` match literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
