import type { CadenceStage, Lead } from '@pivotal-pm/sdk';
import { tableColumns } from '#db/tableColumns';

/** A `lead_cadences` row as knex answers it (camelCase). */
export type CadenceRow = {
  tenantId: string;
  id: string;
  pipelineId: string;
  clientId: string | null;
  stages: CadenceStage[];
  dayStartTime: string;
  timeZone: string | null;
  rollover: boolean;
  lastRolloverOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `CadenceRow` (`lead_cadences`). */
export const cadenceColumns = tableColumns<CadenceRow>()('lead_cadences', [
  'tenantId',
  'id',
  'pipelineId',
  'clientId',
  'stages',
  'dayStartTime',
  'timeZone',
  'rollover',
  'lastRolloverOn',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `leads` row as knex answers it (camelCase). */
export type LeadRow = {
  tenantId: string;
  id: string;
  pipelineId: string;
  clientId: string | null;
  contactId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  ownerId: string;
  name: string;
  stageKey: string;
  stageStatus: Lead['stageStatus'];
  state: Lead['state'];
  nextActionAt: Date | null;
  lastActionAt: Date | null;
  lastActionSource: Lead['lastActionSource'];
  snappedPromotionId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `LeadRow` (`leads`). */
export const leadColumns = tableColumns<LeadRow>()('leads', [
  'tenantId',
  'id',
  'pipelineId',
  'clientId',
  'contactId',
  'accountId',
  'opportunityId',
  'ownerId',
  'name',
  'stageKey',
  'stageStatus',
  'state',
  'nextActionAt',
  'lastActionAt',
  'lastActionSource',
  'snappedPromotionId',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `promotions` row as knex answers it (camelCase). */
export type PromotionRow = {
  tenantId: string;
  id: string;
  pipelineId: string;
  clientId: string | null;
  name: string;
  status: 'active' | 'expired';
  endDate: Date;
  snapWindowDays: number;
  /** Whether touchpoints snap onto cohort leads (`promotion.create`'s `snap`); `promotion.update` keeps to it. */
  snap: boolean;
  cohortTakenAt: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `PromotionRow` (`promotions`). */
export const promotionColumns = tableColumns<PromotionRow>()('promotions', [
  'tenantId',
  'id',
  'pipelineId',
  'clientId',
  'name',
  'status',
  'endDate',
  'snapWindowDays',
  'snap',
  'cohortTakenAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `promotion_touchpoints` row: one time-locked container per touchpoint. */
export type TouchpointRow = {
  tenantId: string;
  promotionId: string;
  id: string;
  position: number;
  name: string;
  scheduledAt: Date;
  channel: 'email' | 'call' | 'linkedin' | 'task' | 'other';
  templateId: string | null;
  notes: string | null;
};
/** The columns of `TouchpointRow` (`promotion_touchpoints`). */
export const touchpointColumns = tableColumns<TouchpointRow>()('promotion_touchpoints', [
  'tenantId',
  'promotionId',
  'id',
  'position',
  'name',
  'scheduledAt',
  'channel',
  'templateId',
  'notes',
]);

/** A `promotion_snapshots` row: the immutable pre-promotion scheduling fields of a snapped lead. */
export type SnapshotRow = {
  tenantId: string;
  promotionId: string;
  leadId: string;
  touchpointId: string;
  replacedStageKey: string;
  stageDueAt: Date | null;
  preStageKey: string;
  preStageStatus: Lead['stageStatus'];
  preState: Lead['state'];
  preNextActionAt: Date | null;
  preLastActionAt: Date | null;
  preLastActionSource: Lead['lastActionSource'];
  takenAt: Date;
  endedAs: 'restored' | 'released' | 'resolved' | null;
  endedAt: Date | null;
};
/** The columns of `SnapshotRow` (`promotion_snapshots`). */
export const snapshotColumns = tableColumns<SnapshotRow>()('promotion_snapshots', [
  'tenantId',
  'promotionId',
  'leadId',
  'touchpointId',
  'replacedStageKey',
  'stageDueAt',
  'preStageKey',
  'preStageStatus',
  'preState',
  'preNextActionAt',
  'preLastActionAt',
  'preLastActionSource',
  'takenAt',
  'endedAs',
  'endedAt',
]);
