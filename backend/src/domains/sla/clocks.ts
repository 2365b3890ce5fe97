import { maxIdleHours, maxStageHours, type SlaPolicy } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { slaPolicyOf } from '#domains/pipelines/stages';
import { slaDeadline, type SlaCalendar } from './clock';

/** What one tenant's clocks are computed with: its zone, holidays and pipelines' policies, read once per run. */
export type SlaTenant = {
  tenantId: string;
  zone: string;
  holidays: ReadonlySet<string>;
  policies: ReadonlyMap<string, SlaPolicy>;
};

/** Reads what every clock of the tenant shares. */
export async function loadSlaTenant(trx: Knex.Transaction, tenantId: string): Promise<SlaTenant> {
  const tenant = (await trx('tenants').where({ id: tenantId }).first('timeZone')) as { timeZone: string };
  const days = (await trx.raw(
    `SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM tenant_holidays
     WHERE tenant_id = ?`,
    [tenantId],
  )) as { rows: { day: string }[] };
  const pipelines = (await trx('pipelines').where({ tenantId }).select('id', 'slaPolicy')) as {
    id: string;
    slaPolicy: unknown;
  }[];
  return {
    tenantId,
    zone: tenant.timeZone,
    holidays: new Set(days.rows.map((r) => r.day)),
    policies: new Map(pipelines.map((p) => [p.id, slaPolicyOf(p as { slaPolicy: SlaPolicy })])),
  };
}

type OpportunityState = {
  id: string;
  pipelineId: string;
  ownerId: string;
  stage: string;
  status: string;
  stageEnteredAt: Date;
  lastTouchAt: Date | null;
  hasClock: boolean;
};

/** One recomputed clock (null dues: no limit applies). */
export type ClockRow = {
  opportunityId: string;
  pipelineId: string;
  ownerId: string;
  stage: string;
  lastTouchAt: Date | null;
  stageEnteredAt: Date;
  idleDueAt: Date | null;
  stageDueAt: Date | null;
};

/**
 * The opportunities' states: the stored clock's last touch when there is one (kept current by the engagement
 * trigger), else the last human touch read from the engagements once.
 */
async function loadStates(trx: Knex.Transaction, tenantId: string, ids: readonly string[]) {
  const { rows } = (await trx.raw(
    `SELECT o.id, o.pipeline_id AS "pipelineId", o.owner_id AS "ownerId", o.stage, o.status,
            o.stage_entered_at AS "stageEnteredAt", (c.opportunity_id IS NOT NULL) AS "hasClock",
            CASE WHEN c.opportunity_id IS NOT NULL THEN c.last_touch_at ELSE (
              SELECT max(e.occurred_at) FROM engagements e
               WHERE e.tenant_id = o.tenant_id AND e.opportunity_id = o.id AND NOT e.is_bot
                 AND e.type IN ('email_in', 'email_out', 'call_in', 'call_out', 'meeting')) END AS "lastTouchAt"
       FROM opportunities o LEFT JOIN sla_clocks c ON c.tenant_id = o.tenant_id AND c.opportunity_id = o.id
      WHERE o.tenant_id = ? AND o.id = ANY (?::uuid[])`,
    [tenantId, [...ids]],
  )) as { rows: OpportunityState[] };
  return rows;
}

/** The out-of-office periods of these owners that end after `since`. */
async function loadAway(trx: Knex.Transaction, tenantId: string, ownerIds: readonly string[], since: Date) {
  const rows = (await trx('userOutOfOffice')
    .where({ tenantId })
    .whereIn('userId', [...new Set(ownerIds)])
    .where('endsAt', '>', since)
    .select('userId', 'startsAt', 'endsAt')) as { userId: string; startsAt: Date; endsAt: Date }[];
  const byOwner = new Map<string, { startsAt: Date; endsAt: Date }[]>();
  for (const r of rows) byOwner.set(r.userId, [...(byOwner.get(r.userId) ?? []), r]);
  return byOwner;
}

/** The clock of an open opportunity: idle from its last human touch or stage entry (the later), and its stage time. */
export function computeClock(
  o: Pick<OpportunityState, 'id' | 'pipelineId' | 'ownerId' | 'stage' | 'stageEnteredAt' | 'lastTouchAt'>,
  policy: SlaPolicy,
  calendar: SlaCalendar,
): ClockRow {
  const idleHours = maxIdleHours(policy, o.stage);
  const stageHours = maxStageHours(policy, o.stage);
  const idleFrom =
    o.lastTouchAt && o.lastTouchAt.getTime() > o.stageEnteredAt.getTime() ? o.lastTouchAt : o.stageEnteredAt;
  return {
    opportunityId: o.id,
    pipelineId: o.pipelineId,
    ownerId: o.ownerId,
    stage: o.stage,
    lastTouchAt: o.lastTouchAt,
    stageEnteredAt: o.stageEnteredAt,
    idleDueAt: idleHours === null ? null : slaDeadline(idleFrom, idleHours, calendar),
    stageDueAt: stageHours === null ? null : slaDeadline(o.stageEnteredAt, stageHours, calendar),
  };
}

/**
 * Recomputes the clocks of these opportunities and writes them (closed ones lose theirs). Returns the recomputed
 * open clocks and the ids that closed.
 */
export async function recomputeClocks(
  trx: Knex.Transaction,
  tenant: SlaTenant,
  ids: readonly string[],
  now: Date,
): Promise<{ clocks: ClockRow[]; closed: string[] }> {
  const states = await loadStates(trx, tenant.tenantId, ids);
  const open = states.filter((s) => s.status === 'open');
  const closed = states.filter((s) => s.status !== 'open').map((s) => s.id);
  const earliest = open.reduce((min, s) => Math.min(min, s.stageEnteredAt.getTime()), now.getTime());
  const away = await loadAway(
    trx,
    tenant.tenantId,
    open.map((s) => s.ownerId),
    new Date(earliest),
  );
  const clocks = open.map((s) =>
    computeClock(s, tenant.policies.get(s.pipelineId) ?? {}, {
      zone: tenant.zone,
      clock: tenant.policies.get(s.pipelineId)?.clock ?? 'calendar',
      holidays: tenant.holidays,
      away: away.get(s.ownerId) ?? [],
    }),
  );
  if (closed.length > 0)
    await trx('slaClocks').where({ tenantId: tenant.tenantId }).whereIn('opportunityId', closed).delete();
  if (clocks.length > 0)
    await trx('slaClocks')
      .insert(clocks.map((c) => ({ tenantId: tenant.tenantId, ...c, computedAt: now })))
      .onConflict(['tenantId', 'opportunityId'])
      .merge();
  return { clocks, closed };
}
