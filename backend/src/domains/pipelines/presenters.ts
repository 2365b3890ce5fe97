import type {
  Forecast,
  ForecastDiff,
  ForecastSnapshot as ForecastSnapshotDto,
  Opportunity as OpportunityDto,
  Pipeline as PipelineDto,
} from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import type { ForecastSnapshotRow, OpportunityRow, PipelineRow } from './rows';

/** A `pipelines` row as the Pipeline DTO. */
export function presentPipeline(row: PipelineRow): PipelineDto {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    name: row.name,
    ownerId: row.ownerId,
    defaultCurrency: row.defaultCurrency,
    stageOrder: row.stageOrder,
    slaPolicy: row.slaPolicy ?? {},
    active: row.active,
    clientId: row.clientId,
    projectIds: row.projectIds ?? [],
    version: row.version,
  };
}

/** An `opportunities` row as the Opportunity DTO (amount stays the exact numeric string). */
export function presentOpportunity(row: OpportunityRow): OpportunityDto {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    pipelineId: row.pipelineId,
    clientId: row.clientId,
    projectId: row.projectId,
    name: row.name,
    accountId: row.accountId,
    primaryContactId: row.primaryContactId,
    ownerId: row.ownerId,
    stage: row.stage,
    amount: row.amount,
    currency: row.currency,
    probability: Number(row.probability),
    closeDate: row.closeDate,
    source: row.source,
    score: row.score,
    tags: row.tags ?? [],
    customFields: row.customFields ?? {},
    status: row.status,
    reason: row.reason,
    stageEnteredAt: isoRequired(row.stageEnteredAt),
    lastActivityAt: iso(row.lastActivityAt),
    version: row.version,
  };
}

/** One opportunity as a snapshot freezes it (`data.opportunities`). */
export type FrozenOpportunity = {
  id: string;
  name: string;
  stage: string;
  amount: string;
  probability: number;
  closeDate: string | null;
  status: OpportunityDto['status'];
};

/** What `forecast_snapshots.data` holds besides the columns (scope, forecast, diff, frozen opportunities). */
export type SnapshotData = {
  clientId: string | null;
  projectId: string | null;
  label: string | null;
  takenBy: string | null;
  previousSnapshotId: string | null;
  forecast: Forecast;
  diff: ForecastDiff | null;
  /** Absent when the list query left it out. */
  opportunities?: FrozenOpportunity[];
};

/** A `forecast_snapshots` row as the ForecastSnapshot DTO. */
export function presentSnapshot(row: ForecastSnapshotRow): ForecastSnapshotDto {
  const data = row.data as unknown as SnapshotData;
  const period = row.period as { from: string; to: string };
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.createdAt),
    pipelineId: row.pipelineId,
    clientId: data.clientId,
    projectId: data.projectId,
    period: { from: period.from, to: period.to },
    label: data.label,
    takenAt: isoRequired(row.takenAt),
    takenBy: data.takenBy,
    previousSnapshotId: data.previousSnapshotId,
    forecast: data.forecast,
    diff: data.diff,
  };
}
