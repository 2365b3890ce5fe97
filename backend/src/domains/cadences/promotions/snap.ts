import type { Knex } from 'knex';
import { invalidReference } from '#http/errors';
import { scheduleOf } from '../leads';
import type { LeadRow } from '../rows';
import { snapMatch, type NoSnapReason, type ScheduleTouchpoint, type SnapMatch } from '../schedule';

/** A cohort lead with the core's verdict: the touchpoint that replaces its upcoming stage, or why none does. */
export type SnapVerdict = { lead: LeadRow; match: SnapMatch | NoSnapReason };

/**
 * Loads the leads of a cohort (all in `pipelineId`, visible to the caller); 422 on `leadIds` naming the missing
 * ones unless `lenient`, which skips them.
 */
export async function loadCohort(
  trx: Knex.Transaction,
  tenantId: string,
  pipelineId: string,
  leadIds: readonly string[],
  lenient = false,
): Promise<LeadRow[]> {
  const unique = [...new Set(leadIds)];
  const rows = (await trx('leads')
    .where({ tenantId, pipelineId })
    .whereRaw('id = ANY (?::uuid[])', [unique])
    .select('*')) as LeadRow[];
  if (!lenient && rows.length !== unique.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = unique.filter((id) => !found.has(id));
    throw invalidReference('leadIds', `Leads not found in the pipeline: ${missing.slice(0, 20).join(', ')}`, {
      ids: missing,
    });
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.flatMap((id) => byId.get(id) ?? []);
}

/** The core's snap verdict for each lead against the touchpoints. */
export function judge(
  leads: readonly LeadRow[],
  promotionId: string,
  touchpoints: readonly ScheduleTouchpoint[],
  windowDays: number,
  timeZone: string,
): SnapVerdict[] {
  return leads.map((lead) => ({
    lead,
    match: snapMatch(scheduleOf(lead), promotionId, touchpoints, windowDays, timeZone),
  }));
}

/** Adds leads to a promotion's persisted cohort after `offset`, with how each was selected. */
export async function insertCohort(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  leadIds: readonly string[],
  snapped: ReadonlySet<string>,
  offset = 0,
): Promise<void> {
  if (leadIds.length === 0) return;
  const sources = leadIds.map((id) => (snapped.has(id) ? 'manual,snap_active' : 'manual'));
  await trx.raw(
    `INSERT INTO promotion_cohort (tenant_id, promotion_id, lead_id, position, sources)
     SELECT ?::uuid, ?::uuid, v.id, v.ord + ?, string_to_array(v.src, ',')
       FROM unnest(?::uuid[], ?::text[]) WITH ORDINALITY AS v(id, src, ord)`,
    [tenantId, promotionId, offset, [...leadIds], sources],
  );
}

/**
 * Snaps the matched leads in two set-based statements: first the immutable pre-promotion snapshot of each lead's
 * scheduling fields (copied from the row, never recomputed), then the lead itself: its replaced stage falls due at
 * the touchpoint and the promotion locks it. Answers the snapped lead ids.
 */
export async function snapLeads(
  trx: Knex.Transaction,
  tenantId: string,
  promotionId: string,
  verdicts: readonly SnapVerdict[],
  now: Date,
): Promise<string[]> {
  const matched = verdicts.filter((v): v is { lead: LeadRow; match: SnapMatch } => typeof v.match !== 'string');
  if (matched.length === 0) return [];
  const ids = matched.map((v) => v.lead.id);
  const tps = matched.map((v) => v.match.touchpointId);
  const ats = matched.map((v) => v.match.touchpointAt);
  await trx.raw(
    `INSERT INTO promotion_snapshots (tenant_id, promotion_id, lead_id, touchpoint_id, replaced_stage_key, stage_due_at,
       pre_stage_key, pre_stage_status, pre_state, pre_next_action_at, pre_last_action_at, pre_last_action_source, taken_at)
     SELECT l.tenant_id, ?::uuid, l.id, v.tp, l.stage_key, l.next_action_at,
       l.stage_key, l.stage_status, l.state, l.next_action_at, l.last_action_at, l.last_action_source, ?::timestamptz
       FROM leads l JOIN unnest(?::uuid[], ?::uuid[]) AS v(id, tp) ON l.id = v.id
      WHERE l.tenant_id = ?::uuid`,
    [promotionId, now, ids, tps, tenantId],
  );
  await trx.raw(
    `UPDATE leads l SET next_action_at = v.at, snapped_promotion_id = ?::uuid, version = l.version + 1, updated_at = ?::timestamptz
       FROM unnest(?::uuid[], ?::timestamptz[]) AS v(id, at)
      WHERE l.tenant_id = ?::uuid AND l.id = v.id`,
    [promotionId, now, ids, ats, tenantId],
  );
  return ids;
}
