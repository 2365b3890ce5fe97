/**
 * The summariser port: a call's transcript in, a summary and action items out. The embedded default is the
 * deterministic extractive summariser (`extractive.ts`); a model-backed one (Azure OpenAI) implements the same port.
 */

/** A task a transcript suggests: what, which kind of task, and when it is due if the words said so. */
export type SuggestedAction = { text: string; taskType: 'call' | 'email' | 'followup' | 'todo'; dueAt: Date | null };

/** What a summariser answers, and who made it (AI output is always attributable). */
export type TranscriptSummary = {
  summary: string;
  actions: SuggestedAction[];
  provenance: { provider: string; model: string };
};

export interface TranscriptSummariser {
  /** `reference` is when the call ended: relative dates ("tomorrow", "Friday") count from it, in `timeZone`. */
  summarise(input: {
    text: string;
    language: string | null;
    reference: Date;
    timeZone: string;
  }): Promise<TranscriptSummary>;
}
