import { findMergeTags, type MergeTag } from '@pivotal-pm/sdk';

/** Values for merge tags; a missing or null value renders the tag's fallback (or nothing). */
export type MergeValues = Partial<Record<MergeTag, string | null>>;

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

/**
 * Replaces every merge tag of `text` with its value. In an HTML body the value (and the fallback, which the
 * author wrote as text) is escaped, so a contact named `<script>` stays text; subjects and text bodies are
 * plain text and taken as they are. Unknown tags never reach here: saving validates them.
 */
export function renderMergeTags(text: string, values: MergeValues, contentType: 'html' | 'text'): string {
  let out = '';
  let at = 0;
  for (const use of findMergeTags(text)) {
    const value = values[use.tag as MergeTag] ?? use.fallback ?? '';
    out += text.slice(at, use.index) + (contentType === 'html' ? escapeHtml(value) : value);
    at = use.index + use.length;
  }
  return out + text.slice(at);
}

/** Flattens `mergeData` overrides (`{"contact.firstName": "Jo"}` or `{contact: {firstName: "Jo"}}`) into values. */
export function mergeOverrides(data: Record<string, unknown> | undefined): MergeValues {
  const out: Record<string, string | null> = {};
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else out[prefix] = value === null || value === undefined ? null : String(value);
  };
  walk('', data ?? {});
  return out as MergeValues;
}
