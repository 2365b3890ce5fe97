import { invalidField } from '#http/errors';
import { containsPattern } from '#domains/shared/textSearch';

/** A parsed `mail.search` query: a tsquery over the search vector and address fragments (`jane@`, `@acme`). */
export type ParsedSearch = {
  /** `to_tsquery('simple', ...)` text, or null when the query has only address fragments. */
  tsquery: string | null;
  /** LIKE patterns (lowercase, escaped) the `addresses` column must (or, when excluded, must not) contain. */
  addresses: { pattern: string; exclude: boolean }[];
};

const TOKEN = /(-?)"([^"]*)"|(-?)(\S+)/g;
const hasText = (s: string) => /[\p{L}\p{N}]/u.test(s);
/** One lexeme for to_tsquery, quoted so no character of the user's text is an operator. */
const quote = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/**
 * Parses the search syntax: words (all must match), `word*` prefixes, `"exact phrases"`, `-excluded` terms,
 * and terms with `@` that match inside from, to and cc addresses. A query with nothing to look for is a 400.
 */
export function parseSearch(q: string): ParsedSearch {
  const terms: string[] = [];
  const addresses: ParsedSearch['addresses'] = [];
  for (const m of q.matchAll(TOKEN)) {
    const exclude = (m[1] ?? m[3]) === '-';
    if (m[2] !== undefined) {
      const words = m[2]
        .split(/\s+/)
        .filter(hasText)
        .map((w) => quote(w.replace(/"/g, '')));
      if (words.length > 0) terms.push(`${exclude ? '!' : ''}(${words.join(' <-> ')})`);
      continue;
    }
    const raw = m[4]!;
    if (raw.includes('@')) {
      const fragment = raw.toLowerCase().replace(/^[<(,;]+|[>),;]+$/g, '');
      if (fragment.length > 1) addresses.push({ pattern: containsPattern(fragment), exclude });
      continue;
    }
    const prefix = raw.endsWith('*');
    const word = raw.replace(/[*"]/g, '');
    if (hasText(word)) terms.push(`${exclude ? '!' : ''}${quote(word)}${prefix ? ':*' : ''}`);
  }
  if (terms.length === 0 && addresses.length === 0) {
    throw invalidField('q', 'nothing to search for: give at least one word or address', 'invalid_query');
  }
  return { tsquery: terms.length > 0 ? terms.join(' & ') : null, addresses };
}
