import { escalateAfterHours, maxIdleHours, maxStageHours, type SlaPolicy } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { appendEvents } from '#domains/events/append';
import { enqueueNotifications } from '#domains/bot/outbox';
import type { SlaTenant } from './clocks';
import { breachTitle } from './limits';

export const SLA_ACTOR = 'system:sla';
/** Due clocks handled per transaction. */
export const SLA_BATCH = 500;

type Kind = 'idle' | 'stage_time';
type DueClock = {
  opportunityId: string;
  pipelineId: string;
  ownerId: string;
  stage: string;
  idleDueAt: Date | null;
  stageDueAt: Date | null;
  clientId: string | null;
  name: string;
  contactId: string | null;
};

/** One breach found: the clock that fell due and which limit. */
type Found = { clock: DueClock; kind: Kind; dueAt: Date; limitHours: number };

function limitOf(policy: SlaPolicy, kind: Kind, stage: string): number | null {
  return kind === 'idle' ? maxIdleHours(policy, stage) : maxStageHours(policy, stage);
}

/**
 * Finds the clocks due by `now` (a batch, SKIP LOCKED so concurrent workers split them), consumes their due times and
 * opens a breach for each limit passed that has no open breach yet. The open-breach unique index makes each breach,
 * its task, its event and its card exactly once whatever runs concurrently. Returns how many breaches it opened,
 * or null when nothing was due.
 */
export async function openDueBreaches(trx: Knex.Transaction, tenant: SlaTenant, now: Date): Promise<number | null> {
  const { rows } = (await trx.raw(
    `SELECT c.opportunity_id AS "opportunityId", c.pipeline_id AS "pipelineId", c.owner_id AS "ownerId", c.stage,
            c.idle_due_at AS "idleDueAt", c.stage_due_at AS "stageDueAt", o.client_id AS "clientId", o.name,
            o.primary_contact_id AS "contactId"
       FROM sla_clocks c JOIN opportunities o ON o.tenant_id = c.tenant_id AND o.id = c.opportunity_id
      WHERE c.tenant_id = ? AND c.due_at <= ? AND o.status = 'open'
      ORDER BY c.due_at LIMIT ? FOR UPDATE OF c SKIP LOCKED`,
    [tenant.tenantId, now, SLA_BATCH],
  )) as { rows: DueClock[] };
  if (rows.length === 0) return null;
  // Consumed: a due time past is acted on once; the next touch or stage move computes the next one.
  await trx.raw(
    `UPDATE sla_clocks SET idle_due_at = CASE WHEN idle_due_at <= :now THEN NULL ELSE idle_due_at END,
            stage_due_at = CASE WHEN stage_due_at <= :now THEN NULL ELSE stage_due_at END
      WHERE tenant_id = :t AND opportunity_id = ANY (CAST(:ids AS uuid[]))`,
    { now, t: tenant.tenantId, ids: rows.map((r) => r.opportunityId) },
  );
  const found: Found[] = [];
  for (const clock of rows) {
    const policy = tenant.policies.get(clock.pipelineId) ?? {};
    for (const [kind, dueAt] of [
      ['idle', clock.idleDueAt],
      ['stage_time', clock.stageDueAt],
    ] as const) {
      const limitHours = limitOf(policy, kind, clock.stage);
      if (dueAt && dueAt <= now && limitHours !== null) found.push({ clock, kind, dueAt, limitHours });
    }
  }
  return createBreaches(trx, tenant, found, now);
}

async function createBreaches(trx: Knex.Transaction, tenant: SlaTenant, found: Found[], now: Date): Promise<number> {
  if (found.length === 0) return 0;
  const tenantId = tenant.tenantId;
  const candidates = found.map((f) => ({ ...f, id: uuidv7(), taskId: uuidv7() }));
  const inserted = (await trx('slaBreaches')
    .insert(
      candidates.map((b) => ({
        tenantId,
        id: b.id,
        opportunityId: b.clock.opportunityId,
        pipelineId: b.clock.pipelineId,
        ownerId: b.clock.ownerId,
        clientId: b.clock.clientId,
        stage: b.clock.stage,
        kind: b.kind,
        limitHours: b.limitHours,
        dueAt: b.dueAt,
        breachedAt: now,
        taskId: b.taskId,
        escalateAt: new Date(
          now.getTime() + escalateAfterHours(tenant.policies.get(b.clock.pipelineId) ?? {}) * 3_600_000,
        ),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflict(trx.raw('(tenant_id, opportunity_id, kind) WHERE cleared_at IS NULL'))
    .ignore()
    .returning('id')) as { id: string }[];
  const fresh = new Set(inserted.map((r) => r.id));
  const opened = candidates.filter((b) => fresh.has(b.id));
  if (opened.length === 0) return 0;
  await trx('tasks').insert(
    opened.map((b) => ({
      tenantId,
      id: b.taskId,
      type: 'followup',
      title: breachTitle(b.kind, b.clock.name, b.clock.stage, b.limitHours),
      opportunityId: b.clock.opportunityId,
      contactId: b.clock.contactId,
      clientId: b.clock.clientId,
      ownerId: b.clock.ownerId,
      dueAt: now,
      priority: 'high',
      status: 'open',
      origin: 'sla',
      version: 1,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await appendEvents(
    trx,
    tenantId,
    opened.flatMap((b) => {
      const refs = { breachId: b.id, kind: b.kind, ...refsOf(b.clock) };
      return [
        {
          name: 'sla.breached' as const,
          payload: { ...refs, taskId: b.taskId, dueAt: b.dueAt.toISOString(), limitHours: b.limitHours },
          clientId: b.clock.clientId,
          actor: SLA_ACTOR,
          occurredAt: now,
        },
        {
          name: 'task.created' as const,
          payload: {
            taskId: b.taskId,
            type: 'followup' as const,
            ownerId: b.clock.ownerId,
            opportunityId: b.clock.opportunityId,
            contactId: b.clock.contactId,
            dueAt: now.toISOString(),
            origin: 'sla' as const,
          },
          clientId: b.clock.clientId,
          actor: SLA_ACTOR,
          occurredAt: now,
        },
      ];
    }),
  );
  await enqueueNotifications(
    trx,
    tenantId,
    opened.map((b) => ({
      userId: b.clock.ownerId,
      reasonKey: `sla:${b.id}`,
      kind: 'sla_reminder',
      payload: { breachId: b.id },
      notBefore: now,
    })),
    now,
  );
  return opened.length;
}

function refsOf(c: { opportunityId: string; pipelineId: string; ownerId: string; stage: string }) {
  return { opportunityId: c.opportunityId, pipelineId: c.pipelineId, ownerId: c.ownerId, stage: c.stage };
}
