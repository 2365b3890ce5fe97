import { z } from 'zod';
import { Id, Timestamp } from '../contract/common';
import { eventNames, type EventName } from './names';
import { eventPayloads } from './payloads';

export * from './names';
export { eventPayloads, SlaBreachKind, SlaClearReason } from './payloads';

/** An event name, as a schema. */
export const EventNameSchema = z.enum(eventNames);

/** The payload of event `E`. */
export type EventPayload<E extends EventName> = z.infer<(typeof eventPayloads)[E]>;

const envelope = {
  /** The event's id (UUID). */
  id: Id,
  /** Opaque, monotonic per tenant: pass it as `after` to `event.list` to resume. */
  cursor: z.string(),
  tenantId: Id,
  occurredAt: Timestamp,
  /** Who caused it: `user:<id>`, `apiKey:<id>`, `system:<worker>`; null when unknown. */
  actor: z.string().nullable(),
  /** The client the affected record belongs to; null for internal records. */
  clientId: Id.nullable(),
};

function envelopeOf<const E extends EventName>(name: E) {
  return z.object({ ...envelope, name: z.literal(name), data: eventPayloads[name] });
}

/** Every event as the outbox, webhooks and `event.list` carry it: a union discriminated by `name`. */
export const EventEnvelope = z.discriminatedUnion('name', [
  envelopeOf('pipeline.created'),
  envelopeOf('pipeline.updated'),
  envelopeOf('opportunity.created'),
  envelopeOf('opportunity.updated'),
  envelopeOf('opportunity.stageChanged'),
  envelopeOf('opportunity.won'),
  envelopeOf('opportunity.lost'),
  envelopeOf('engagement.logged'),
  envelopeOf('mail.synced'),
  envelopeOf('mail.sent'),
  envelopeOf('mail.replyDetected'),
  envelopeOf('call.started'),
  envelopeOf('call.ended'),
  envelopeOf('call.dispositioned'),
  envelopeOf('call.recorded'),
  envelopeOf('call.transcribed'),
  envelopeOf('sequence.enrolled'),
  envelopeOf('sequence.advanced'),
  envelopeOf('sequence.paused'),
  envelopeOf('sequence.completed'),
  envelopeOf('sequence.failed'),
  envelopeOf('score.updated'),
  envelopeOf('task.created'),
  envelopeOf('task.completed'),
  envelopeOf('sla.breached'),
  envelopeOf('sla.escalated'),
  envelopeOf('sla.cleared'),
]);
/** One event envelope (any name). */
export type EventEnvelope = z.infer<typeof EventEnvelope>;
/** The envelope of event `E`, with its typed `data`. */
export type EventEnvelopeOf<E extends EventName> = Extract<EventEnvelope, { name: E }>;

// Compile-time check: every event name has an envelope in the union above.
const everyNameEnveloped: Record<Exclude<EventName, EventEnvelope['name']>, never> = {};
void everyNameEnveloped;
