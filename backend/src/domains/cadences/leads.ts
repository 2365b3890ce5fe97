import type { Lead } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { ApiError } from '#http/errors';
import type { OpContext } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentLead } from './presenters';
import type { LeadRow } from './rows';
import type { InvalidResult, LockedResult, LockRelease, ScheduleLead } from './schedule';
import { iso } from '#domains/shared/present';

/** A lead row's scheduling fields as the pure core reads them (ISO strings). */
export function scheduleOf(row: LeadRow): ScheduleLead {
  return {
    stageKey: row.stageKey,
    stageStatus: row.stageStatus,
    state: row.state,
    nextActionAt: iso(row.nextActionAt),
    lastActionAt: iso(row.lastActionAt),
    lastActionSource: row.lastActionSource,
    snappedPromotionId: row.snappedPromotionId,
  };
}

/** Loads a lead of the caller's tenant for update (404, row lock, 409 version_conflict). */
export function loadLead(ctx: OpContext, id: string, expectedVersion?: number): Promise<LeadRow> {
  return loadForUpdate<LeadRow>(ctx.trx, 'leads', ctx.principal.tenantId, id, 'Lead', expectedVersion);
}

/** The API error of a refused core result: 409 lead_locked (pass `force`) or 409 invalid_state. */
export function refusal(result: LockedResult | InvalidResult): ApiError {
  if (result.status === 'locked') {
    return new ApiError(
      'lead_locked',
      `Promotion ${result.promotionId} has time-locked this lead: pass force to release the lock`,
      {
        promotionId: result.promotionId,
      },
    );
  }
  return new ApiError(
    'invalid_state',
    result.reason === 'closed'
      ? 'The lead is not active in its cadence'
      : 'The lead is on a stage its cadence no longer has',
    {
      reason: result.reason,
    },
  );
}

/** Writes a lead's new scheduling fields (bumping its version); the caller has locked the row. */
export async function writeSchedule(
  trx: Knex.Transaction,
  row: LeadRow,
  next: ScheduleLead,
  now: Date,
  extra: Partial<LeadRow> = {},
): Promise<LeadRow> {
  const [saved] = (await trx('leads')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({ ...extra, ...next, version: row.version + 1, updatedAt: now })
    .returning('*')) as LeadRow[];
  return saved!;
}

/**
 * Records that a forced change released a promotion's lock on a lead: a `lead_lock_releases` row that outlives the
 * promotion, and the snapshot marked `released` so no later restore overwrites what the user chose.
 */
export async function recordRelease(
  trx: Knex.Transaction,
  tenantId: string,
  leadId: string,
  release: LockRelease,
  operation: string,
): Promise<void> {
  await trx('leadLockReleases').insert({
    tenantId,
    id: uuidv7(),
    leadId,
    promotionId: release.promotionId,
    operation,
    releasedAt: release.at,
    releasedBy: release.by,
  });
  await trx('promotionSnapshots')
    .where({ tenantId, promotionId: release.promotionId, leadId })
    .whereNull('endedAs')
    .update({ endedAs: 'released', endedAt: release.at });
}

/**
 * Persists the outcome of a lead operation of the core: refusals throw, an applied change is written, its lock
 * release (if forced) recorded, and the audit row written. Answers the saved Lead.
 */
export async function applyLeadResult(
  ctx: OpContext,
  row: LeadRow,
  result: LockedResult | InvalidResult | { status: 'applied'; lead: ScheduleLead; releasedLock: LockRelease | null },
  operation: string,
  extra: Partial<LeadRow> = {},
): Promise<Lead> {
  if (result.status !== 'applied') throw refusal(result);
  const saved = await writeSchedule(ctx.trx, row, result.lead, ctx.now, extra);
  if (result.releasedLock) await recordRelease(ctx.trx, row.tenantId, row.id, result.releasedLock, operation);
  const lead = presentLead(saved);
  await ctx.audit({ targetType: 'lead', targetId: lead.id, before: presentLead(row), after: lead });
  return lead;
}

/** The lock options of a lead operation: `force` from the input, the acting user as the releaser. */
export function lockOptions(ctx: OpContext, force: boolean): { force: boolean; by: string | null } {
  return { force, by: ctx.principal.userId ?? null };
}
