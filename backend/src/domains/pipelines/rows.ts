import { tableColumns } from '#db/tableColumns';

/** A jsonb object column. */
type JsonObject = Record<string, unknown>;

/** A `pipelines` row as knex answers it (camelCase). */
export type PipelineRow = {
  tenantId: string;
  id: string;
  name: string;
  ownerId: string;
  defaultCurrency: string;
  stageOrder: string[];
  slaPolicy: JsonObject;
  active: boolean;
  clientId: string | null;
  projectIds: string[];
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `PipelineRow`. */
export const pipelineColumns = tableColumns<PipelineRow>()('pipelines', [
  'tenantId',
  'id',
  'name',
  'ownerId',
  'defaultCurrency',
  'stageOrder',
  'slaPolicy',
  'active',
  'clientId',
  'projectIds',
  'archivedAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** An `opportunities` row as knex answers it (camelCase); amount is a numeric(18,2) decimal string. */
export type OpportunityRow = {
  tenantId: string;
  id: string;
  pipelineId: string;
  clientId: string | null;
  projectId: string | null;
  name: string;
  accountId: string;
  primaryContactId: string | null;
  ownerId: string;
  stage: string;
  amount: string;
  currency: string;
  probability: number;
  closeDate: string | null;
  source: 'campaign' | 'inbound' | 'outbound' | 'referral' | null;
  score: number;
  /** How many times the close date moved later while open (scoring's slippage; kept by a trigger). */
  closeDatePushes: number;
  /** The amount the deal was first recorded with (scoring's amount change; null before scoring existed). */
  firstAmount: string | null;
  tags: string[];
  customFields: JsonObject;
  status: 'open' | 'won' | 'lost' | 'onHold';
  reason: string | null;
  stageEnteredAt: Date;
  lastActivityAt: Date | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `OpportunityRow`. */
export const opportunityColumns = tableColumns<OpportunityRow>()('opportunities', [
  'tenantId',
  'id',
  'pipelineId',
  'clientId',
  'projectId',
  'name',
  'accountId',
  'primaryContactId',
  'ownerId',
  'stage',
  'amount',
  'currency',
  'probability',
  'closeDate',
  'source',
  'score',
  'closeDatePushes',
  'firstAmount',
  'tags',
  'customFields',
  'status',
  'reason',
  'stageEnteredAt',
  'lastActivityAt',
  'closedAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `forecast_snapshots` row as knex answers it (camelCase). */
export type ForecastSnapshotRow = {
  tenantId: string;
  id: string;
  pipelineId: string | null;
  takenAt: Date;
  period: JsonObject;
  data: JsonObject;
  createdAt: Date;
};
/** The columns of `ForecastSnapshotRow`. */
export const forecastSnapshotColumns = tableColumns<ForecastSnapshotRow>()('forecast_snapshots', [
  'tenantId',
  'id',
  'pipelineId',
  'takenAt',
  'period',
  'data',
  'createdAt',
]);
