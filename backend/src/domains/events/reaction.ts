import type { EventName, EventPayload } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';

/**
 * Facts an emitter hands to in-process reactions that the public payload does not carry (never written to the
 * outbox), by event name.
 */
export type ReactionFacts = {
  /** A meeting logged as held or upcoming (not cancelled or missed): what sequences' meeting stop rule reacts to. */
  'engagement.logged': { meetingBooked: boolean };
};

/**
 * What reactions report back into the event they react to, by event name: payload fields only they know (the
 * enrollments a reply stopped). The emitter writes a neutral value; the reports replace it before the row is written.
 */
export type ReactionReports = {
  'mail.replyDetected': Pick<EventPayload<'mail.replyDetected'>, 'enrollmentIds'>;
};

/** The facts event `E` may carry (none for most). */
export type FactsOf<E extends EventName> = E extends keyof ReactionFacts ? ReactionFacts[E] : never;
/** What a reaction to event `E` may report (nothing for most). */
export type ReportOf<E extends EventName> = E extends keyof ReactionReports ? ReactionReports[E] : void;

/** One event of name `E` to append to the outbox: its payload is the one the SDK's event map gives `E`. */
export type EventToAppend<E extends EventName> = {
  name: E;
  payload: EventPayload<E>;
  /** The client the affected record belongs to; null (the default) for internal records. */
  clientId?: string | null;
  /** `user:<id>`, `apiKey:<id>`, `system:<worker>`. */
  actor: string | null;
  /** Defaults to the time of the call. */
  occurredAt?: Date;
  facts?: FactsOf<E>;
};

/** One event to append, of any name (a union discriminated by `name`, so each payload is checked against its name). */
export type AppendEvent = { [K in EventName]: EventToAppend<K> }[EventName];

/** An event of a generic name as the union member it is (TypeScript cannot narrow a type parameter to one). */
export function eventToAppend<E extends EventName>(event: EventToAppend<E>): AppendEvent {
  return event as AppendEvent;
}

/** An event as a reaction sees it: being appended in this transaction (its row follows the reactions), with the emitter's facts. */
export type ReactionEvent<E extends EventName = EventName> = {
  [K in E]: {
    tenantId: string;
    name: K;
    payload: EventPayload<K>;
    clientId: string | null;
    actor: string | null;
    occurredAt: Date;
    facts: FactsOf<K> | undefined;
  };
}[E];

/**
 * Appends one event of the caller's tenant, actor and time in the caller's transaction (a request's `ctx.emit`, a
 * worker's writer, or what a reaction is given).
 */
export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>, clientId: string | null) => Promise<void>;

/**
 * What a domain does on another domain's event `E`, in the transaction that appends it. `emit` appends the
 * reaction's own events with the actor and time of the event it reacts to.
 */
export type Reaction<E extends EventName> = (
  trx: Knex.Transaction,
  event: ReactionEvent<E>,
  emit: Emit,
) => Promise<ReportOf<E> | void>;

/** A reaction with the event name it is declared for (see `on`). */
export type DeclaredReaction = {
  readonly name: EventName;
  readonly react: (
    trx: Knex.Transaction,
    event: ReactionEvent,
    emit: Emit,
  ) => Promise<Partial<ReactionReports[keyof ReactionReports]> | void>;
};

/** Declares a reaction to event `name` (in a domain's `reactions.ts`). */
export function on<E extends EventName>(name: E, react: Reaction<E>): DeclaredReaction {
  // The writer only hands a reaction events of the name it was declared for: the narrowing is that check.
  return { name, react: react as DeclaredReaction['react'] };
}
