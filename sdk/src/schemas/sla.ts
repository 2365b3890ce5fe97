import { z } from 'zod';
import { Id, StageKey, TimeOfDay, Timestamp } from '../contract/common';
import { SlaBreachKind, SlaClearReason } from '../events/payloads';

/** One SLA breach of an opportunity: what was passed, when, its task, its escalation and how it ended. */
export const SlaBreach = z.object({
  id: Id,
  tenantId: Id,
  opportunityId: Id,
  pipelineId: Id,
  /** The deal's owner when it breached (the task and the reminder are theirs). */
  ownerId: Id,
  clientId: Id.nullable(),
  stage: StageKey,
  kind: SlaBreachKind,
  /** The limit passed, in hours of the pipeline's clock. */
  limitHours: z.number().int(),
  /** When the limit fell due. */
  dueAt: Timestamp,
  /** When the engine recorded the breach (its task's creation). */
  breachedAt: Timestamp,
  taskId: Id.nullable(),
  /** When the owner's manager is told if nothing happens (pushed later by a snooze). */
  escalateAt: Timestamp,
  escalatedAt: Timestamp.nullable(),
  /** The manager told; null when escalation found no manager or a touch since the breach. */
  escalatedTo: Id.nullable(),
  clearedAt: Timestamp.nullable(),
  clearedReason: SlaClearReason.nullable(),
  /** The first human engagement after the breach fell due. */
  firstTouchAt: Timestamp.nullable(),
});
export type SlaBreach = z.infer<typeof SlaBreach>;

/** Whether a breach still stands. */
export const SlaBreachStatus = z.enum(['open', 'cleared', 'all']);

/** A personal chat with the Teams bot, as the channel describes it (a Bot Framework conversation reference). */
export const BotConversationReference = z.object({
  serviceUrl: z.url({ protocol: /^https?$/ }).max(500),
  channelId: z.literal('msteams'),
  conversation: z.object({ id: z.string().min(1).max(500), tenantId: z.string().max(100).optional() }).loose(),
  user: z
    .object({
      id: z.string().min(1).max(200),
      aadObjectId: z.string().max(100).optional(),
      name: z.string().max(200).optional(),
    })
    .loose(),
  bot: z.object({ id: z.string().min(1).max(200), name: z.string().max(200).optional() }).loose(),
  locale: z.string().max(20).optional(),
});
export type BotConversationReference = z.infer<typeof BotConversationReference>;

/** How often the bot sends a manager's digest. */
export const DigestFrequency = z.enum(['daily', 'weekly', 'both', 'off']);

/** What a user lets the bot send them, and when not. */
export const BotPreferences = z.object({
  userId: Id,
  /** Digest frequency (daily: 08:00 on working days; weekly: Monday 08:00; in the user's time zone). */
  digest: DigestFrequency,
  /** Nothing proactive arrives between these local times (the card waits for `end`); null: no quiet hours. */
  quietHours: z.object({ start: TimeOfDay, end: TimeOfDay }).nullable(),
  /** SLA reminders for the user's own deals (escalations to a manager still arrive). */
  slaReminders: z.boolean(),
  /** Next Best Action prompts. */
  nbaPrompts: z.boolean(),
  /** Whether the bot is installed in the user's personal chat (it can send nothing otherwise). */
  installed: z.boolean(),
  timeZone: z.string(),
  version: z.number().int(),
});
export type BotPreferences = z.infer<typeof BotPreferences>;
