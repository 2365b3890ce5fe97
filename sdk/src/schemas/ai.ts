import { z } from 'zod';
import { base, Id, Timestamp, Version } from '../contract/common';
import { MailBody } from './mail';

/** Tone control of an AI draft. */
export const DraftTone = z.enum(['neutral', 'friendly', 'formal', 'direct', 'enthusiastic']);
/** Brevity control of an AI draft. */
export const DraftBrevity = z.enum(['short', 'medium', 'long']);
/** Lifecycle of an AI draft: nothing is sent before a human approves it. */
export const AiDraftStatus = z.enum(['pending', 'approved', 'rejected', 'sent']);

/** Where an AI draft came from: the model, the prompt version and the records it read. */
export const Provenance = z.object({
  provider: z.string(),
  model: z.string(),
  promptVersion: z.string(),
  inputRefs: z.array(z.object({ type: z.string(), id: z.string() })),
  generatedAt: Timestamp,
});
export type Provenance = z.infer<typeof Provenance>;

/** An AI-written e-mail draft, stored as pending until a human approves (and sends) or rejects it. */
export const AiDraft = z.object({
  ...base,
  authorId: Id,
  status: AiDraftStatus,
  tone: DraftTone,
  brevity: DraftBrevity,
  opportunityId: Id.nullable(),
  contactId: Id.nullable(),
  replyToMessageId: Id.nullable(),
  to: z.array(z.string()),
  subject: z.string(),
  body: MailBody,
  provenance: Provenance,
  decidedBy: Id.nullable(),
  decidedAt: Timestamp.nullable(),
  rejectionReason: z.string().nullable(),
  /** The sent message, once sent. */
  sentMessageId: Id.nullable(),
  version: Version,
});
export type AiDraft = z.infer<typeof AiDraft>;
