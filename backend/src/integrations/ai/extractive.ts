import type { SuggestedAction, TranscriptSummariser, TranscriptSummary } from './summariser';
import { dueDateIn } from './dueDates';

/** Words by which someone takes on something to do. */
const COMMITMENT =
  /\b(i'll|i will|we'll|we will|let's|let me|i'm going to|we're going to|i can send|i'll send|next steps?|follow[- ]up|get back to|send (?:you|over|across)|schedule|book|set up|circle back|action item)\b/i;
/** Words that make a sentence worth keeping in a summary. */
const SALIENT =
  /\b(budget|price|pricing|cost|contract|decision|decide|timeline|deadline|proposal|renewal|launch|concern|risk|competitor|approve|approval|sign|legal|procurement|quote)\b|[$€£]\s?\d/i;
const DATE_WORDS =
  /\b(today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|end of (?:the )?(?:week|month|day)|\d{4}-\d{2}-\d{2})\b/i;

/** The transcript's sentences, in order (line breaks and sentence ends split; filler shorter than 4 words dropped). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^\s*[\p{L} .'-]{1,40}:\s+/u, '').trim())
    .filter((s) => s.split(/\s+/).length >= 4);
}

function score(sentence: string): number {
  return (SALIENT.test(sentence) ? 3 : 0) + (COMMITMENT.test(sentence) ? 2 : 0) + (DATE_WORDS.test(sentence) ? 1 : 0);
}

function taskTypeOf(sentence: string): SuggestedAction['taskType'] {
  if (/\b(call|ring|phone|dial)\b/i.test(sentence)) return 'call';
  if (/\b(e-?mail|send|mail|forward)\b/i.test(sentence)) return 'email';
  if (/\b(meet|meeting|demo|book|schedule)\b/i.test(sentence)) return 'followup';
  return 'todo';
}

/**
 * The deterministic extractive summariser: the summary is the three sentences that score highest (the deal's words
 * such as budget, timeline or contract, then commitments, then dates; ties go to what was said first), in the order they were said; each sentence with a
 * commitment becomes a suggested task (kind from its verb, due date from its date words). Same transcript, same
 * answer: no model, no network.
 */
export const extractiveSummariser: TranscriptSummariser = {
  summarise({ text, reference, timeZone }): Promise<TranscriptSummary> {
    const all = sentences(text);
    const ranked = all
      .map((s, i) => ({ s, i, score: score(s) }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, 3)
      .sort((a, b) => a.i - b.i);
    const picked = ranked.length > 0 ? ranked.map((r) => r.s) : all.slice(0, 2);
    const seen = new Set<string>();
    const actions = all
      .filter((s) => COMMITMENT.test(s))
      .filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()))
      .slice(0, 10)
      .map((s) => ({ text: s, taskType: taskTypeOf(s), dueAt: dueDateIn(s, reference, timeZone) }));
    return Promise.resolve({
      summary: picked.join(' '),
      actions,
      provenance: { provider: 'builtin', model: 'extractive-v1' },
    });
  },
};
