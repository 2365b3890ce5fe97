import type { EventName } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { reactions } from '#domains/reactions';
import { eventToAppend, type AppendEvent, type DeclaredReaction, type Emit, type ReactionEvent } from './reaction';

/** An outbox row as written (camelCase through the knex mappers); `seq` and `tx_id` come from their defaults. */
type EventInsert = {
  tenantId: string;
  id: string;
  name: EventName;
  occurredAt: Date;
  actor: string | null;
  clientId: string | null;
  payload: string;
};

/** The outbox writer of a set of reactions (see `appendEvents`). */
export type EventWriter = (trx: Knex.Transaction, tenantId: string, events: readonly AppendEvent[]) => Promise<void>;

/**
 * Builds the outbox writer that runs `registry`'s reactions. Each event's reactions run first, in declaration
 * order, in the caller's transaction (their own events go through the same writer, so they come first in the
 * outbox, and their reports complete the event's payload); then its row is written. Rows of events nobody reacts
 * to go in one insert, in the order given. `tx_id` defaults to the writing transaction (ADR 0003: readers order by
 * (tx_id, seq)); a request's pg_notify is `mountOperations`' business.
 */
export function createEventWriter(registry: readonly DeclaredReaction[]): EventWriter {
  const append: EventWriter = async (trx, tenantId, events) => {
    let pending: EventInsert[] = [];
    const flush = async () => {
      if (pending.length > 0) await trx('events').insert(pending);
      pending = [];
    };
    for (const event of events) {
      const occurredAt = event.occurredAt ?? new Date();
      const clientId = event.clientId ?? null;
      let payload: object = event.payload;
      const matching = registry.filter((r) => r.name === event.name);
      if (matching.length > 0) {
        await flush();
        const emit: Emit = (name, eventPayload, eventClientId) =>
          append(trx, tenantId, [
            eventToAppend({ name, payload: eventPayload, clientId: eventClientId, actor: event.actor, occurredAt }),
          ]);
        const seen = {
          tenantId,
          name: event.name,
          payload: event.payload,
          clientId,
          actor: event.actor,
          occurredAt,
          facts: event.facts,
        } as ReactionEvent;
        for (const reaction of matching) {
          const report = await reaction.react(trx, seen, emit);
          if (report) payload = { ...payload, ...report };
        }
      }
      pending.push({
        tenantId,
        id: uuidv7(),
        name: event.name,
        occurredAt,
        actor: event.actor,
        clientId,
        payload: JSON.stringify(payload),
      });
    }
    await flush();
  };
  return append;
}

/**
 * The one writer of the outbox (`events`): appends events of a tenant in the caller's transaction, each payload
 * typed by the SDK's event map, and runs the reactions every domain declares (`domains/reactions.ts`) in it.
 */
export const appendEvents: EventWriter = createEventWriter(reactions);

/** A worker's emitter: events with actor `system:<worker>`, all at `now`. */
export function workerEmit(trx: Knex.Transaction, tenantId: string, now: Date, worker = 'sequence-runner'): Emit {
  return (name, payload, clientId) =>
    appendEvents(trx, tenantId, [
      eventToAppend({ name, payload, clientId, actor: `system:${worker}`, occurredAt: now }),
    ]);
}
