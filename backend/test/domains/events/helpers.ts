import { createHash, randomBytes } from 'node:crypto';
import type { EventName, EventPayload, Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '../../../src/db/ids';
import { createApiKey } from '../../helpers/factories';

/** One event to write into the outbox the way a handler's ctx.emit does. */
export type TestEvent<E extends EventName = EventName> = { name: E; data: EventPayload<E>; clientId?: string | null; actor?: string };

/**
 * Writes events in one transaction scoped to the tenant (as a request does) and notifies `pivotal_events`
 * in it, like mountOperations. Returns their seqs.
 */
export async function emitEvents(knex: Knex, tenantId: string, events: TestEvent[]): Promise<number[]> {
  return knex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const seqs: number[] = [];
    for (const e of events) {
      const [row] = await trx('events')
        .insert({
          tenantId, id: uuidv7(), name: e.name, occurredAt: new Date(), actor: e.actor ?? 'user:test',
          clientId: e.clientId ?? null, payload: JSON.stringify(e.data),
        })
        .returning('seq');
      seqs.push((row as { seq: number }).seq);
    }
    await trx.raw(`select pg_notify('pivotal_events', ?)`, [tenantId]);
    return seqs;
  });
}

/** A valid `task.created` event (internal unless clientId is given). */
export function taskCreated(clientId: string | null = null): TestEvent<'task.created'> {
  return {
    name: 'task.created',
    clientId,
    data: {
      taskId: uuidv7(), type: 'followup', ownerId: uuidv7(), opportunityId: null, contactId: null,
      dueAt: new Date().toISOString(), origin: 'manual',
    },
  };
}

/** A valid `opportunity.stageChanged` event of a client's (or an internal) opportunity. */
export function stageChanged(clientId: string | null = null, toStage = 'proposal'): TestEvent<'opportunity.stageChanged'> {
  return {
    name: 'opportunity.stageChanged',
    clientId,
    data: {
      opportunityId: uuidv7(), pipelineId: uuidv7(), clientId, projectId: null, ownerId: uuidv7(),
      fromStage: 'qualification', toStage, amount: '1000.00', currency: 'EUR', version: 2,
    },
  };
}

/** A valid `mail.synced` event (private to the mailbox owner on the stream). */
export function mailSynced(): TestEvent<'mail.synced'> {
  return {
    name: 'mail.synced',
    data: { mailboxId: uuidv7(), userId: uuidv7(), folder: 'inbox', added: 1, updated: 0, removed: 0, backfillComplete: true },
  };
}

/** An API key token (`pvk_<id>.<secret>`) with one role, optionally confined to clients. */
export async function apiKeyToken(ownerKnex: Knex, tenantId: string, role: Role, clientIds: string[] | null = null): Promise<string> {
  const secret = randomBytes(24).toString('base64url');
  const keyHash = createHash('sha256').update(secret).digest('hex');
  return ownerKnex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const key = await createApiKey(trx, tenantId, { keyHash, role, clientIds });
    return `pvk_${key.id}.${secret}`;
  });
}

/** Counts rows of a table for a tenant through the owner connection. */
export async function countRows(knex: Knex, table: string, tenantId: string): Promise<number> {
  return knex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const row = (await trx(table).where({ tenantId }).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  });
}
