import type { Knex } from 'knex';
import { appendEvents } from '#domains/events/append';
import { enqueueNotifications } from '#domains/bot/outbox';
import type { ClockRow, SlaTenant } from './clocks';
import { SLA_ACTOR, SLA_BATCH } from './breaches';

type OpenBreach = {
  id: string;
  opportunityId: string;
  pipelineId: string;
  ownerId: string;
  clientId: string | null;
  stage: string;
  kind: 'idle' | 'stage_time';
  dueAt: Date;
  breachedAt: Date;
  taskId: string | null;
};
type Reason = 'engagement' | 'stage_move' | 'closed' | 'policy';

/**
 * Why an open breach ends, given the opportunity's recomputed clock (undefined: the deal closed): a stage move ends
 * both kinds, a human touch after the breach fell due ends an idle breach, a limit taken away ends its breaches.
 */
export function clearReason(b: OpenBreach, clock: ClockRow | undefined): Reason | null {
  if (!clock) return 'closed';
  if (clock.stage !== b.stage || clock.pipelineId !== b.pipelineId) return 'stage_move';
  if (b.kind === 'idle' && clock.lastTouchAt && clock.lastTouchAt > b.dueAt) return 'engagement';
  if ((b.kind === 'idle' ? clock.idleDueAt : clock.stageDueAt) === null) return 'policy';
  return null;
}

/**
 * Clears the open breaches of recomputed opportunities that no longer stand, records the time of the first human
 * touch after each breach, completes their SLA tasks and emits `sla.cleared` (and `task.completed`).
 */
export async function clearBreaches(
  trx: Knex.Transaction,
  tenant: SlaTenant,
  clocks: readonly ClockRow[],
  closed: readonly string[],
  now: Date,
): Promise<number> {
  const tenantId = tenant.tenantId;
  const byId = new Map(clocks.map((c) => [c.opportunityId, c]));
  const ids = [...byId.keys(), ...closed];
  if (ids.length === 0) return 0;
  const open = (await trx('slaBreaches')
    .where({ tenantId })
    .whereRaw('opportunity_id = ANY (?::uuid[])', [ids])
    .whereNull('clearedAt')
    .forUpdate()
    .select(
      'id',
      'opportunityId',
      'pipelineId',
      'ownerId',
      'clientId',
      'stage',
      'kind',
      'dueAt',
      'breachedAt',
      'taskId',
    )) as OpenBreach[];
  const ending = open.flatMap((b) => {
    const reason = clearReason(b, byId.get(b.opportunityId));
    return reason ? [{ b, reason }] : [];
  });
  for (const { b, reason } of ending) {
    const touch = (await trx.raw(
      `SELECT min(occurred_at) AS at FROM engagements WHERE tenant_id = ? AND opportunity_id = ? AND NOT is_bot
          AND type IN ('email_in', 'email_out', 'call_in', 'call_out', 'meeting') AND occurred_at > ?`,
      [tenantId, b.opportunityId, b.dueAt],
    )) as { rows: { at: Date | null }[] };
    await trx('slaBreaches')
      .where({ tenantId, id: b.id })
      .update({ clearedAt: now, clearedReason: reason, firstTouchAt: touch.rows[0]?.at ?? null, updatedAt: now });
  }
  if (ending.length === 0) return 0;
  const done = (await trx('tasks')
    .where({ tenantId, origin: 'sla' })
    .whereIn(
      'id',
      ending.flatMap(({ b }) => (b.taskId ? [b.taskId] : [])),
    )
    .whereNot('status', 'completed')
    .update({ status: 'completed', completedAt: now, updatedAt: now, version: trx.raw('version + 1') })
    .returning(['id', 'ownerId', 'opportunityId', 'contactId', 'clientId'])) as {
    id: string;
    ownerId: string;
    opportunityId: string | null;
    contactId: string | null;
    clientId: string | null;
  }[];
  await appendEvents(trx, tenantId, [
    ...ending.map(({ b, reason }) => ({
      name: 'sla.cleared' as const,
      payload: {
        breachId: b.id,
        kind: b.kind,
        opportunityId: b.opportunityId,
        pipelineId: b.pipelineId,
        ownerId: b.ownerId,
        stage: b.stage,
        reason,
      },
      clientId: b.clientId,
      actor: SLA_ACTOR,
      occurredAt: now,
    })),
    ...done.map((t) => ({
      name: 'task.completed' as const,
      payload: {
        taskId: t.id,
        type: 'followup' as const,
        ownerId: t.ownerId,
        opportunityId: t.opportunityId,
        contactId: t.contactId,
        completedAt: now.toISOString(),
      },
      clientId: t.clientId,
      actor: SLA_ACTOR,
      occurredAt: now,
    })),
  ]);
  return ending.length;
}

/**
 * Escalates open breaches whose delay ran out with no human touch since the breach: the owner's manager gets a card
 * (`sla.escalated`). A breach whose owner has no manager, or that saw a touch (a stage-time breach stays open
 * through activity), is marked handled without a card. Null when nothing was due.
 */
export async function escalateDue(trx: Knex.Transaction, tenant: SlaTenant, now: Date): Promise<number | null> {
  const tenantId = tenant.tenantId;
  const { rows } = (await trx.raw(
    `SELECT b.id, b.opportunity_id AS "opportunityId", b.pipeline_id AS "pipelineId", b.owner_id AS "ownerId",
            b.client_id AS "clientId", b.stage, b.kind, u.manager_id AS "managerId",
            (c.last_touch_at IS NOT NULL AND c.last_touch_at > b.breached_at) AS "touched"
       FROM sla_breaches b JOIN users u ON u.tenant_id = b.tenant_id AND u.id = b.owner_id
       LEFT JOIN sla_clocks c ON c.tenant_id = b.tenant_id AND c.opportunity_id = b.opportunity_id
      WHERE b.tenant_id = ? AND b.cleared_at IS NULL AND b.escalated_at IS NULL AND b.escalate_at <= ?
      ORDER BY b.escalate_at LIMIT ? FOR UPDATE OF b SKIP LOCKED`,
    [tenantId, now, SLA_BATCH],
  )) as {
    rows: (Omit<OpenBreach, 'dueAt' | 'breachedAt' | 'taskId'> & { managerId: string | null; touched: boolean })[];
  };
  if (rows.length === 0) return null;
  const escalated = rows.filter((r) => r.managerId !== null && !r.touched);
  // Every due breach is handled now, escalated to its manager or (no manager, or touched since) marked as such.
  const told = new Set(escalated.map((r) => r.id));
  await trx.raw(
    `UPDATE sla_breaches b SET escalated_at = :now, updated_at = :now,
            escalated_to = CASE WHEN b.id = ANY (CAST(:told AS uuid[])) THEN u.manager_id END
       FROM users u WHERE b.tenant_id = :t AND b.id = ANY (CAST(:ids AS uuid[]))
        AND u.tenant_id = b.tenant_id AND u.id = b.owner_id`,
    { now, t: tenantId, ids: rows.map((r) => r.id), told: [...told] },
  );
  await appendEvents(
    trx,
    tenantId,
    escalated.map((r) => ({
      name: 'sla.escalated' as const,
      payload: {
        breachId: r.id,
        kind: r.kind,
        opportunityId: r.opportunityId,
        pipelineId: r.pipelineId,
        ownerId: r.ownerId,
        stage: r.stage,
        managerId: r.managerId!,
      },
      clientId: r.clientId,
      actor: SLA_ACTOR,
      occurredAt: now,
    })),
  );
  await enqueueNotifications(
    trx,
    tenantId,
    escalated.map((r) => ({
      userId: r.managerId!,
      reasonKey: `sla-escalation:${r.id}`,
      kind: 'sla_escalation',
      payload: { breachId: r.id },
      notBefore: now,
    })),
    now,
  );
  return escalated.length;
}
