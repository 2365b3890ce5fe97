import { describe, expect, it } from 'vitest';
import { escapeMarkdown, unescapeMarkdown } from './text';

describe('escapeMarkdown', () => {
  it('turns a markdown link into literal text', () => {
    expect(escapeMarkdown('[click](https://evil)')).toBe('\\[click\\](https://evil)');
  });

  it('escapes emphasis, code, strikethrough, autolinks, HTML, entities and images', () => {
    expect(escapeMarkdown('**Acme** _big_ `x` ~~old~~')).toBe('\\*\\*Acme\\*\\* \\_big\\_ \\`x\\` \\~\\~old\\~\\~');
    expect(escapeMarkdown('<https://evil> <b>hi</b>')).toBe('\\<https://evil\\> \\<b\\>hi\\</b\\>');
    expect(escapeMarkdown('AT&amp;T ![x](y)')).toBe('AT\\&amp;T \\!\\[x\\](y)');
  });

  it('escapes backslashes first so an escape cannot be undone', () => {
    expect(escapeMarkdown('\\[x]')).toBe('\\\\\\[x\\]');
  });

  it('neutralises the Adaptive Cards date and time functions', () => {
    expect(escapeMarkdown('{{DATE(2025-03-11T12:00:00Z, SHORT)}}')).toBe(
      '\\{\\{DATE(2025-03-11T12:00:00Z, SHORT)\\}\\}',
    );
  });

  it('keeps the value on one line and stops it starting a list or heading', () => {
    expect(escapeMarkdown('Acme\n\n- [x](y)')).toBe('Acme - \\[x\\](y)');
    expect(escapeMarkdown('- Acme')).toBe('\\- Acme');
    expect(escapeMarkdown('+ Acme')).toBe('\\+ Acme');
    expect(escapeMarkdown('1. Acme')).toBe('1\\. Acme');
    expect(escapeMarkdown('2) Acme')).toBe('2\\) Acme');
    expect(escapeMarkdown('# Acme')).toBe('\\# Acme');
  });

  it('leaves ordinary names alone', () => {
    for (const name of [
      'Northwind renewal 2025',
      'Jane Doe',
      "O'Brien (UK) Ltd.",
      'Zoë Müller-Łukasz',
      '2025 plan',
      '-5% deal',
    ]) {
      expect(escapeMarkdown(name)).toBe(name);
    }
  });

  it('round-trips: what a markdown renderer shows is the value as given', () => {
    const values = ['[click](https://evil)', '**a**_b_', 'a\\b', '1. x', '- y', '<x>&{{z}}|#!~`'];
    for (const value of values) expect(unescapeMarkdown(escapeMarkdown(value))).toBe(value);
  });

  it('leaves no significant character unescaped', () => {
    const all = '\\`*_[]<>{}~#|&!';
    const escaped = escapeMarkdown(`x${all}x`);
    expect(escaped.replace(/\\[\\`*_[\]<>{}~#|&!]/g, '')).toBe('xx');
  });
});
