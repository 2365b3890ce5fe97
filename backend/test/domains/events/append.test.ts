import { eventPayloads, type EventName } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { appendEvents, createEventWriter, workerEmit } from '#domains/events/append';
import { on, type Emit } from '#domains/events/reaction';
import { reactions } from '#domains/reactions';
import type { OpContext } from '#http/types';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { createContact, createTenant, createUser } from '../../helpers/factories';

let db: TestDatabase;
let tenantId: string;
let userId: string;
let contactId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = (await createTenant(db.ownerKnex)).id;
  userId = (await createUser(db.ownerKnex, tenantId)).id;
  contactId = (await createContact(db.ownerKnex, tenantId)).id;
});
afterAll(async () => {
  await db?.destroy();
});

type Row = {
  seq: string;
  txId: string;
  id: string;
  name: EventName;
  occurredAt: Date;
  actor: string | null;
  clientId: string | null;
  payload: Record<string, unknown>;
};
const inTenant = <T>(fn: (trx: Knex.Transaction) => Promise<T>) =>
  withTenant(db.appKnex, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, fn);
const outbox = async () => (await db.ownerKnex('events').where({ tenantId }).orderBy('seq')) as Row[];
const AT = new Date('2027-03-01T09:00:00.000Z');
const taskCompleted = (taskId: string) => ({
  taskId,
  type: 'call' as const,
  ownerId: userId,
  opportunityId: null,
  contactId,
  completedAt: AT.toISOString(),
});

describe('appendEvents', () => {
  it('writes one row per event, in the order given, with its columns, in the caller transaction', async () => {
    const before = (await outbox()).length;
    const [a, b] = ['0190a0a0-0000-7000-8000-000000000001', '0190a0a0-0000-7000-8000-000000000002'];
    const txId = await inTenant(async (trx) => {
      await appendEvents(trx, tenantId, [
        { name: 'task.completed', payload: taskCompleted(a), actor: `user:${userId}`, occurredAt: AT },
        { name: 'task.completed', payload: taskCompleted(b), actor: 'system:test', clientId: null },
      ]);
      return String(
        ((await trx.raw('select pg_current_xact_id()::text as tx')) as { rows: { tx: string }[] }).rows[0]!.tx,
      );
    });
    const rows = (await outbox()).slice(before);
    expect(rows.map((r) => [r.name, r.payload.taskId, r.actor, r.clientId])).toEqual([
      ['task.completed', a, `user:${userId}`, null],
      ['task.completed', b, 'system:test', null],
    ]);
    // ADR 0003: the rows carry the writing transaction; ids are UUIDv7; the first keeps its time.
    expect(rows.map((r) => String(r.txId))).toEqual([txId, txId]);
    for (const r of rows) expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(rows[0]!.occurredAt.toISOString()).toBe(AT.toISOString());
    for (const r of rows) expect(eventPayloads[r.name].safeParse(r.payload).success).toBe(true);
  });

  it('runs a reaction first, in the same transaction: its events precede the event, and a rollback leaves nothing', async () => {
    const seen: string[] = [];
    const write = createEventWriter([
      on('task.completed', async (trx, event, emit) => {
        seen.push(`${event.name}:${event.payload.taskId}:${event.actor}`);
        await trx('contacts')
          .where({ tenantId, id: contactId })
          .update({ tags: ['reacted'] });
        await emit(
          'score.updated',
          {
            subjectType: 'contact',
            subjectId: contactId,
            opportunityId: null,
            contactId,
            score: 7,
            previousScore: null,
          },
          null,
        );
      }),
    ]);
    const taskId = '0190a0a0-0000-7000-8000-000000000003';
    const before = (await outbox()).length;
    await expect(
      inTenant(async (trx) => {
        await write(trx, tenantId, [
          { name: 'task.completed', payload: taskCompleted(taskId), actor: 'system:test', occurredAt: AT },
        ]);
        // Inside the transaction the reaction's work is there ...
        expect((await trx('contacts').where({ id: contactId }).first('tags')).tags).toEqual(['reacted']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // ... and the rollback takes it with the event.
    expect(seen).toEqual([`task.completed:${taskId}:system:test`]);
    expect((await db.ownerKnex('contacts').where({ id: contactId }).first('tags')).tags).toEqual([]);
    expect((await outbox()).length).toBe(before);

    await inTenant((trx) =>
      write(trx, tenantId, [
        { name: 'task.completed', payload: taskCompleted(taskId), actor: 'system:test', occurredAt: AT },
      ]),
    );
    const rows = (await outbox()).slice(before);
    // The reaction's event first (the event's row closes what it caused), with the actor and time of the event.
    expect(rows.map((r) => [r.name, r.actor, r.occurredAt.toISOString()])).toEqual([
      ['score.updated', 'system:test', AT.toISOString()],
      ['task.completed', 'system:test', AT.toISOString()],
    ]);
  });

  it('completes the payload with what the reactions report, and passes facts to reactions only', async () => {
    const facts: unknown[] = [];
    const write = createEventWriter([
      on('mail.replyDetected', async () => ({ enrollmentIds: ['0190a0a0-0000-7000-8000-000000000004'] })),
      on('engagement.logged', async (_trx, event) => {
        facts.push(event.facts);
      }),
    ]);
    const before = (await outbox()).length;
    await inTenant((trx) =>
      write(trx, tenantId, [
        {
          name: 'mail.replyDetected',
          actor: 'system:mail-sync',
          payload: {
            userId,
            contactId,
            opportunityId: null,
            enrollmentIds: [],
            classification: 'human_reply',
            returnDate: null,
          },
        },
        {
          name: 'engagement.logged',
          actor: `user:${userId}`,
          facts: { meetingBooked: true },
          payload: {
            engagementId: contactId,
            type: 'meeting',
            channel: 'calendar',
            accountId: contactId,
            contactId,
            opportunityId: null,
            actorId: userId,
            occurredAt: AT.toISOString(),
            isBot: false,
          },
        },
      ]),
    );
    const rows = (await outbox()).slice(before);
    expect(rows[0]!.payload.enrollmentIds).toEqual(['0190a0a0-0000-7000-8000-000000000004']);
    expect(rows[1]!.payload).not.toHaveProperty('meetingBooked');
    expect(facts).toEqual([{ meetingBooked: true }]);
  });

  it('runs the reactions the domains declare (domains/reactions.ts)', () => {
    expect(reactions.map((r) => r.name)).toEqual([
      // sequences: stop rules
      'opportunity.stageChanged',
      'engagement.logged',
      'mail.replyDetected',
      // scoring: mark the subjects whose score inputs changed
      'engagement.logged',
      'opportunity.created',
      'opportunity.updated',
      'opportunity.stageChanged',
      'sequence.enrolled',
      'sequence.advanced',
      'sequence.completed',
    ]);
  });

  it('types each payload by its event name (checked by the type-check, never run)', () => {
    // Each @ts-expect-error stays on the line before the call it expects to fail.
    // prettier-ignore
    const typed = (trx: Knex.Transaction, ctx: OpContext, emit: Emit) => [
      appendEvents(trx, tenantId, [{ name: 'task.completed', payload: taskCompleted('x'), actor: null }]),
      // @ts-expect-error the payload of another event
      appendEvents(trx, tenantId, [{ name: 'task.completed', payload: { pipelineId: 'x', clientId: null, name: 'P', stageOrder: [] }, actor: null }]),
      // @ts-expect-error a field of the wrong type
      appendEvents(trx, tenantId, [{ name: 'task.completed', payload: { ...taskCompleted('x'), completedAt: AT }, actor: null }]),
      // @ts-expect-error facts on an event that carries none
      appendEvents(trx, tenantId, [{ name: 'task.completed', payload: taskCompleted('x'), actor: null, facts: { meetingBooked: true } }]),
      // @ts-expect-error a reason `sequence.completed` does not have
      emit('sequence.completed', { enrollmentId: 'e', sequenceId: 's', contactId: null, opportunityId: null, ownerId: 'o', reason: 'bored' }, null),
      // @ts-expect-error ctx.emit is typed the same way
      ctx.emit('opportunity.won', taskCompleted('x')),
      workerEmit(trx, tenantId, AT)('task.completed', taskCompleted('x'), null),
    ];
    expect(typeof typed).toBe('function');
  });
});
