import { extractiveSummariser } from '#integrations/ai/extractive';
import type { TranscriptSummariser } from '#integrations/ai/summariser';

let current: TranscriptSummariser = extractiveSummariser;

/** Installs the process's summariser (a model-backed one when configured); the extractive one by default. */
export function setSummariser(next: TranscriptSummariser | null): void {
  current = next ?? extractiveSummariser;
}

/** The summariser call summaries are made with. */
export function summariser(): TranscriptSummariser {
  return current;
}
