import { type z } from 'zod';

/**
 * The merge tags a template or a message may use, written `{{contact.firstName}}` or with a fallback for a
 * missing value, `{{contact.firstName|there}}`. Anything else between `{{` and `}}` is refused on save.
 */
export const mergeTags = [
  'contact.firstName',
  'contact.lastName',
  'contact.fullName',
  'contact.email',
  'contact.title',
  'account.name',
  'account.domain',
  'opportunity.name',
  'opportunity.stage',
  'opportunity.amount',
  'opportunity.currency',
  'opportunity.closeDate',
  'client.name',
  'project.name',
  'sender.name',
  'sender.firstName',
  'sender.email',
  'today',
] as const;

/** One of the defined merge tags. */
export type MergeTag = (typeof mergeTags)[number];

/** A merge tag occurrence in a text: where it starts, the tag and its optional fallback. */
export type MergeTagUse = { index: number; length: number; tag: string; fallback: string | null };

const TAG = /\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;
const known = new Set<string>(mergeTags);

/** Finds every `{{...}}` in a text, known or not. */
export function findMergeTags(text: string): MergeTagUse[] {
  return [...text.matchAll(TAG)].map((m) => ({
    index: m.index,
    length: m[0].length,
    tag: m[1]!,
    fallback: m[2] === undefined ? null : m[2].trim(),
  }));
}

/** Problems with the merge tags of a text: unknown tags and unbalanced braces (empty when it is fine). */
export function mergeTagProblems(text: string): string[] {
  const problems = findMergeTags(text)
    .filter((u) => !known.has(u.tag))
    .map((u) => `unknown merge tag {{${u.tag}}}; known tags: ${mergeTags.join(', ')}`);
  const rest = text.replace(TAG, '');
  if (rest.includes('{{') || rest.includes('}}'))
    problems.push('unbalanced merge tag braces: write tags as {{contact.firstName}}');
  return problems;
}

/** The distinct known merge tags used in some texts, in order of first use. */
export function usedMergeTags(...texts: string[]): MergeTag[] {
  return [...new Set(texts.flatMap((t) => findMergeTags(t).map((u) => u.tag)))].filter((t): t is MergeTag =>
    known.has(t),
  );
}

/** A string whose merge tags must all be known: a bad one fails validation at this field. */
export function withMergeTags<T extends z.ZodString>(schema: T) {
  return schema.superRefine((text, ctx) => {
    for (const message of mergeTagProblems(text)) ctx.addIssue({ code: 'custom', message });
  });
}
