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
  /** The stored clock's fields, to write only the clocks that changed. */
  stored: string | null;
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
            c.last_touch_at AS "lastTouchAt",
            CASE WHEN c.opportunity_id IS NOT NULL THEN concat_ws('|', c.pipeline_id, c.owner_id, c.stage,
              floor(extract(epoch FROM c.stage_entered_at) * 1000)::bigint, floor(extract(epoch FROM c.idle_due_at) * 1000)::bigint,
              floor(extract(epoch FROM c.stage_due_at) * 1000)::bigint) END AS stored
       FROM opportunities o LEFT JOIN sla_clocks c ON c.tenant_id = o.tenant_id AND c.opportunity_id = o.id
      WHERE o.tenant_id = ? AND o.id = ANY (?::uuid[])`,
    [tenantId, [...ids]],
  )) as { rows: OpportunityState[] };
  // Deals without a clock yet read their last human touch from the engagements once, in one grouped query.
  const fresh = rows.filter((r) => !r.hasClock).map((r) => r.id);
  if (fresh.length > 0) {
    const touches = (await trx.raw(
      `SELECT opportunity_id AS id, max(occurred_at) AS at FROM engagements
        WHERE tenant_id = ? AND opportunity_id = ANY (?::uuid[]) AND NOT is_bot
          AND type IN ('email_in', 'email_out', 'call_in', 'call_out', 'meeting')
        GROUP BY opportunity_id`,
      [tenantId, fresh],
    )) as { rows: { id: string; at: Date }[] };
    const last = new Map(touches.rows.map((t) => [t.id, t.at]));
    for (const r of rows) if (!r.hasClock) r.lastTouchAt = last.get(r.id) ?? null;
  }
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

/** What `loadStates` reads of a stored clock, for the same clock computed again (null dues are left out). */
function fingerprint(c: ClockRow): string {
  return [c.pipelineId, c.ownerId, c.stage, c.stageEnteredAt.getTime(), c.idleDueAt?.getTime(), c.stageDueAt?.getTime()]
    .filter((v) => v !== undefined)
    .join('|');
}

/** Upserts clocks with one array per column (a 5,000-row batch is 10 parameters, not 50,000). */
async function writeClocks(trx: Knex.Transaction, tenantId: string, clocks: ClockRow[], now: Date): Promise<void> {
  const ids = (k: 'opportunityId' | 'pipelineId' | 'ownerId' | 'stage') => clocks.map((c) => c[k]);
  const times = (k: 'lastTouchAt' | 'stageEnteredAt' | 'idleDueAt' | 'stageDueAt') =>
    clocks.map((c) => c[k]?.toISOString() ?? null);
  await trx.raw(
    `INSERT INTO sla_clocks (tenant_id, opportunity_id, pipeline_id, owner_id, stage, last_touch_at, stage_entered_at,
                             idle_due_at, stage_due_at, computed_at)
     SELECT ?, * , ?::timestamptz FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::timestamptz[],
                                          ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
     ON CONFLICT (tenant_id, opportunity_id) DO UPDATE SET pipeline_id = excluded.pipeline_id,
       owner_id = excluded.owner_id, stage = excluded.stage, last_touch_at = excluded.last_touch_at,
       stage_entered_at = excluded.stage_entered_at, idle_due_at = excluded.idle_due_at,
       stage_due_at = excluded.stage_due_at, computed_at = excluded.computed_at`,
    [
      tenantId,
      now,
      ids('opportunityId'),
      ids('pipelineId'),
      ids('ownerId'),
      ids('stage'),
      times('lastTouchAt'),
      times('stageEnteredAt'),
      times('idleDueAt'),
      times('stageDueAt'),
    ] as Knex.RawBinding[],
  );
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
    await trx('slaClocks')
      .where({ tenantId: tenant.tenantId })
      .whereRaw('opportunity_id = ANY (?::uuid[])', [closed])
      .delete();
  // A sweep recomputes every clock; most come out as they were and are not written again.
  const storedOf = new Map(open.map((s) => [s.id, s.stored]));
  const changed = clocks.filter((c) => storedOf.get(c.opportunityId) !== fingerprint(c));
  if (changed.length > 0) await writeClocks(trx, tenant.tenantId, changed, now);
  return { clocks, closed };
}
