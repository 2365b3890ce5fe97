import type { Knex } from 'knex';
import { iso } from '#domains/shared/present';
import { scheduleOf } from '../leads';
import type { LeadRow, SnapshotRow } from '../rows';
import { snapMatch, type ScheduleLead, type ScheduleTouchpoint, type SnapMatch } from '../schedule';
import { restoreSnapped } from './restore';
import { snapLeads } from './snap';

/** A cohort lead with its snapshot in this promotion, if it has one. */
export type CohortLead = {
  lead: LeadRow;
  snapshot: Pick<
    SnapshotRow,
    | 'touchpointId'
    | 'endedAs'
    | 'preStageKey'
    | 'preStageStatus'
    | 'preState'
    | 'preNextActionAt'
    | 'preLastActionAt'
    | 'preLastActionSource'
  > | null;
};

/** What `promotion.update` changes so the snaps are those a create with the new touchpoints would make. */
export type SnapPlan = {
  /** Leads without a snapshot that now match: snapshot and lock (as `promotion.create`). */
  snap: { lead: LeadRow; match: SnapMatch }[];
  /** Snapped leads that match (maybe another touchpoint, maybe a moved date): snapshot kept, due at the match. */
  move: { leadId: string; touchpointId: string; touchpointAt: string }[];
  /** Snapped leads no touchpoint reaches any more: restored exactly from their snapshot, which is then forgotten. */
  unsnap: string[];
};

/** The lead as it was before this promotion snapped it: its snapshot's fields, unlocked (never recomputed). */
function preSnap(snapshot: NonNullable<CohortLead['snapshot']>): ScheduleLead {
  return {
    stageKey: snapshot.preStageKey,
    stageStatus: snapshot.preStageStatus,
    state: snapshot.preState,
    nextActionAt: iso(snapshot.preNextActionAt),
    lastActionAt: iso(snapshot.preLastActionAt),
    lastActionSource: snapshot.preLastActionSource,
    snappedPromotionId: null,
  };
}

/**
 * Plans the snaps of a cohort against (changed) touchpoints: every lead still snapped is judged again from its
 * pre-promotion snapshot, every lead never snapped (or whose snap an earlier update undid) from its row, exactly as
 * `promotion.create` judges. Leads whose snap ended otherwise (restored by `promotion.restore`, released by a forced
 * change, advanced by their touchpoints) are left alone: that was a decision about the lead, not the dates.
 */
export function planSnaps(
  cohort: readonly CohortLead[],
  promotionId: string,
  touchpoints: readonly ScheduleTouchpoint[],
  windowDays: number,
  timeZone: string,
): SnapPlan {
  const plan: SnapPlan = { snap: [], move: [], unsnap: [] };
  for (const { lead, snapshot } of cohort) {
    if (snapshot === null) {
      const match = snapMatch(scheduleOf(lead), promotionId, touchpoints, windowDays, timeZone);
      if (typeof match !== 'string') plan.snap.push({ lead, match });
      continue;
    }
    if (snapshot.endedAs !== null || lead.snappedPromotionId !== promotionId) continue;
    const match = snapMatch(preSnap(snapshot), promotionId, touchpoints, windowDays, timeZone);
    if (typeof match === 'string') plan.unsnap.push(lead.id);
    else if (match.touchpointId !== snapshot.touchpointId || iso(lead.nextActionAt) !== match.touchpointAt) {
      plan.move.push({ leadId: lead.id, touchpointId: match.touchpointId, touchpointAt: match.touchpointAt });
    }
  }
  return plan;
}

/** The promotion's cohort leads (row-locked) with their snapshot in it. */
export async function loadCohortLeads(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
): Promise<CohortLead[]> {
  const rows = (await trx('promotionCohort as c')
    .join('leads as l', (j) => j.on('l.tenantId', 'c.tenantId').andOn('l.id', 'c.leadId'))
    .leftJoin('promotionSnapshots as s', (j) =>
      j.on('s.tenantId', 'c.tenantId').andOn('s.promotionId', 'c.promotionId').andOn('s.leadId', 'c.leadId'),
    )
    .where({ 'c.tenantId': tenantId, 'c.promotionId': promotionId })
    .orderBy('c.position')
    .forUpdate('l')
    .select(
      'l.*',
      's.leadId as snapLeadId',
      's.touchpointId as snapTouchpointId',
      's.endedAs as snapEndedAs',
      's.preStageKey',
      's.preStageStatus',
      's.preState',
      's.preNextActionAt',
      's.preLastActionAt',
      's.preLastActionSource',
    )) as (LeadRow & Record<string, unknown>)[];
  return rows.map(
    ({
      snapLeadId,
      snapTouchpointId,
      snapEndedAs,
      preStageKey,
      preStageStatus,
      preState,
      preNextActionAt,
      preLastActionAt,
      preLastActionSource,
      ...lead
    }) => ({
      lead: lead as LeadRow,
      snapshot:
        snapLeadId === null
          ? null
          : ({
              touchpointId: snapTouchpointId,
              endedAs: snapEndedAs,
              preStageKey,
              preStageStatus,
              preState,
              preNextActionAt,
              preLastActionAt,
              preLastActionSource,
            } as NonNullable<CohortLead['snapshot']>),
    }),
  );
}

/**
 * Makes a promotion's snaps those its current touchpoints, window and cohort derive (see `planSnaps`), in a few
 * set-based statements: new snaps as `promotion.create` writes them, moved snaps keep their immutable snapshot,
 * undone snaps restore the lead exactly. Cohort sources follow (`snap_active`). Answers the plan it applied.
 */
export async function rederiveSnaps(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  touchpoints: readonly ScheduleTouchpoint[],
  windowDays: number,
  timeZone: string,
  now: Date,
): Promise<SnapPlan> {
  const plan = planSnaps(
    await loadCohortLeads(trx, tenantId, promotionId),
    promotionId,
    touchpoints,
    windowDays,
    timeZone,
  );
  if (plan.unsnap.length > 0) {
    await restoreSnapped(trx, tenantId, promotionId, now, plan.unsnap, { forget: true });
    await trx.raw(
      `UPDATE promotion_cohort SET sources = array_remove(sources, 'snap_active') WHERE tenant_id = ?::uuid AND promotion_id = ?::uuid AND lead_id = ANY (?::uuid[])`,
      [tenantId, promotionId, plan.unsnap],
    );
  }
  if (plan.move.length > 0) {
    const ids = plan.move.map((m) => m.leadId);
    await trx.raw(
      `UPDATE promotion_snapshots s SET touchpoint_id = v.tp FROM unnest(?::uuid[], ?::uuid[]) AS v(id, tp)
        WHERE s.tenant_id = ?::uuid AND s.promotion_id = ?::uuid AND s.lead_id = v.id AND s.touchpoint_id IS DISTINCT FROM v.tp`,
      [ids, plan.move.map((m) => m.touchpointId), tenantId, promotionId],
    );
    await trx.raw(
      `UPDATE leads l SET next_action_at = v.at, version = l.version + 1, updated_at = ?::timestamptz FROM unnest(?::uuid[], ?::timestamptz[]) AS v(id, at)
        WHERE l.tenant_id = ?::uuid AND l.id = v.id AND l.next_action_at IS DISTINCT FROM v.at`,
      [now, ids, plan.move.map((m) => m.touchpointAt), tenantId],
    );
  }
  const snapped = await snapLeads(trx, tenantId, promotionId, plan.snap, now);
  if (snapped.length > 0) {
    await trx.raw(
      `UPDATE promotion_cohort SET sources = array_append(sources, 'snap_active')
        WHERE tenant_id = ?::uuid AND promotion_id = ?::uuid AND lead_id = ANY (?::uuid[]) AND NOT ('snap_active' = ANY (sources))`,
      [tenantId, promotionId, snapped],
    );
  }
  return plan;
}
