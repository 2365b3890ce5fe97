import type { Cadence, Lead, TouchpointStatus } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import type { LeadSnapshot } from './schedule';
import type { EffectiveCadence } from './cadence';
import type { LeadRow, SnapshotRow } from './rows';

/** A `leads` row as the Lead DTO. */
export function presentLead(row: LeadRow): Lead {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    pipelineId: row.pipelineId,
    contactId: row.contactId,
    accountId: row.accountId,
    opportunityId: row.opportunityId,
    ownerId: row.ownerId,
    name: row.name,
    stageKey: row.stageKey,
    stageStatus: row.stageStatus,
    state: row.state,
    nextActionAt: iso(row.nextActionAt),
    lastActionAt: iso(row.lastActionAt),
    lastActionSource: row.lastActionSource,
    snappedPromotionId: row.snappedPromotionId,
    version: row.version,
  };
}

/** A pipeline's effective cadence as the Cadence DTO. */
export function presentCadence(c: EffectiveCadence): Cadence {
  return {
    id: c.id,
    tenantId: c.tenantId,
    createdAt: isoRequired(c.createdAt),
    updatedAt: isoRequired(c.updatedAt),
    pipelineId: c.pipelineId,
    stages: c.stages,
    dayStartTime: c.dayStartTime,
    timeZone: c.timeZone,
    rollover: c.rollover,
    version: c.version,
  };
}

/** The pre-promotion scheduling fields a snapshot row keeps, as the core reads them. */
export function snapshotFields(row: SnapshotRow): LeadSnapshot {
  return {
    stageKey: row.preStageKey,
    stageStatus: row.preStageStatus,
    state: row.preState,
    nextActionAt: iso(row.preNextActionAt),
    lastActionAt: iso(row.preLastActionAt),
    lastActionSource: row.preLastActionSource,
  };
}

/** A per-lead touchpoint status row (or its absence: open) as the DTO. */
export function presentStatus(
  promotionId: string,
  touchpointId: string,
  leadId: string,
  row: { status: 'done' | 'skipped'; completedAt: Date; actorId: string | null } | undefined,
): TouchpointStatus {
  return {
    promotionId,
    touchpointId,
    leadId,
    status: row?.status ?? 'open',
    completedAt: iso(row?.completedAt),
    actorId: row?.actorId ?? null,
  };
}
