import { describe, expect, it } from 'vitest';
import { parseSearch } from './searchQuery';

describe('parseSearch', () => {
  it('turns words, prefixes, phrases and exclusions into a quoted tsquery', () => {
    expect(parseSearch(`proposal renew* "next steps" -invoice`).tsquery).toBe(
      `'proposal' & 'renew':* & ('next' <-> 'steps') & !'invoice'`,
    );
    expect(parseSearch(`o'brien a\\b`).tsquery).toBe(`'o\\'brien' & 'a\\\\b'`);
  });

  it('takes terms with @ as address fragments and escapes LIKE wildcards', () => {
    expect(parseSearch('Jane@ @acme -@spam.io')).toEqual({
      tsquery: null,
      addresses: [
        { pattern: '%jane@%', exclude: false },
        { pattern: '%@acme%', exclude: false },
        { pattern: '%@spam.io%', exclude: true },
      ],
    });
    expect(parseSearch('a_b@x%').addresses[0]!.pattern).toBe('%a\\_b@x\\%%');
  });

  it('refuses a query with nothing to look for', () => {
    expect(() => parseSearch('-- !! "" *')).toThrow(/nothing to search for/);
  });
});
