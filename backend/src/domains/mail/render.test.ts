import { describe, expect, it } from 'vitest';
import { mergeTagProblems } from '@pivotal-pm/sdk';
import { escapeHtml, mergeOverrides, renderMergeTags } from './render';

describe('renderMergeTags', () => {
  it('fills known tags, uses fallbacks for missing values and escapes values in HTML only', () => {
    const values = { 'contact.firstName': '<b>Jo & "Al"</b>', 'account.name': null };
    expect(renderMergeTags('<p>Hi {{contact.firstName}} at {{account.name|your team}}</p>', values, 'html')).toBe(
      '<p>Hi &lt;b&gt;Jo &amp; &quot;Al&quot;&lt;/b&gt; at your team</p>',
    );
    expect(renderMergeTags('Hi {{ contact.firstName }}{{sender.name}}!', values, 'text')).toBe('Hi <b>Jo & "Al"</b>!');
    expect(renderMergeTags('{{account.name|<Friends>}}', {}, 'html')).toBe('&lt;Friends&gt;');
  });

  it('reports unknown tags and stray braces', () => {
    expect(mergeTagProblems('Hi {{contact.firstName}}')).toEqual([]);
    expect(mergeTagProblems('Hi {{contact.nick}}')[0]).toContain('unknown merge tag {{contact.nick}}');
    expect(mergeTagProblems('Hi {{contact.firstName')).toHaveLength(1);
    expect(mergeTagProblems('a }} b')).toHaveLength(1);
  });

  it('flattens nested and dotted overrides', () => {
    expect(mergeOverrides({ contact: { firstName: 'Jo' }, 'account.name': 'Acme', n: 3 })).toEqual({
      'contact.firstName': 'Jo',
      'account.name': 'Acme',
      n: '3',
    });
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
