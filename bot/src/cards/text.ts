// Safe text for markdown-processed fields (TextBlock.text, Fact.title/value): user values are escaped so a deal
// named `[click](https://evil)` or `**Acme**` renders literally instead of as a link or bold text.
import type { TextBlock } from './schema';

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the characters that start emphasis, links,
// autolinks, inline HTML, code spans, strikethrough, headings, tables, entities and Adaptive Cards'
// `{{DATE(...)}}` / `{{TIME(...)}}` functions.
const SIGNIFICANT = /[\\`*_[\]<>{}~#|&!]/g;
// Line-start markers that would turn the value into a list item when it starts a TextBlock.
const LIST_START = /^([-+])(?=\s|$)|^(\d+)([.)])(?=\s|$)/;

/** Escapes a user-supplied value for a markdown-processed field; line breaks become spaces so it stays inline. */
export function escapeMarkdown(value: string): string {
  const oneLine = value.replace(/[\r\n\u2028\u2029\t]+/g, ' ');
  const escaped = oneLine.replace(SIGNIFICANT, (ch) => `\\${ch}`);
  return escaped.replace(LIST_START, (_all, bullet: string | undefined, digits: string | undefined, mark: string) =>
    bullet === undefined ? `${digits ?? ''}\\${mark}` : `\\${bullet}`,
  );
}

/** Removes the escapes added by `escapeMarkdown` (what a markdown renderer shows). */
export function unescapeMarkdown(value: string): string {
  return value.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** A wrapping TextBlock of trusted (already escaped or constant) text. */
export function text(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** A bolder heading TextBlock. */
export function heading(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return text(value, { size: 'medium', weight: 'bolder', style: 'heading', ...options });
}

/** A subtle, small note TextBlock. */
export function note(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return text(value, { isSubtle: true, spacing: 'none', size: 'small', ...options });
}
