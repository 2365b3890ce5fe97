import type { SlaBreach } from '@pivotal-pm/sdk';
import { tableColumns } from '#db/tableColumns';
import { iso, isoRequired } from '#domains/shared/present';

/** An `sla_breaches` row as knex returns it (camelCase). */
export type SlaBreachRow = {
  tenantId: string;
  id: string;
  opportunityId: string;
  pipelineId: string;
  ownerId: string;
  clientId: string | null;
  stage: string;
  kind: SlaBreach['kind'];
  limitHours: number;
  dueAt: Date;
  breachedAt: Date;
  taskId: string | null;
  escalateAt: Date;
  escalatedAt: Date | null;
  escalatedTo: string | null;
  clearedAt: Date | null;
  clearedReason: SlaBreach['clearedReason'];
  firstTouchAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The exact breachedAt for cursors, when the query selected it. */
  cursorAt?: string;
};
/** The columns of `SlaBreachRow` (`sla_breaches`). */
export const slaBreachColumns = tableColumns<Omit<SlaBreachRow, 'cursorAt'>>()('sla_breaches', [
  'tenantId',
  'id',
  'opportunityId',
  'pipelineId',
  'ownerId',
  'clientId',
  'stage',
  'kind',
  'limitHours',
  'dueAt',
  'breachedAt',
  'taskId',
  'escalateAt',
  'escalatedAt',
  'escalatedTo',
  'clearedAt',
  'clearedReason',
  'firstTouchAt',
  'createdAt',
  'updatedAt',
]);

/** SlaBreach DTO of a row. */
export function presentSlaBreach(row: SlaBreachRow): SlaBreach {
  return {
    id: row.id,
    tenantId: row.tenantId,
    opportunityId: row.opportunityId,
    pipelineId: row.pipelineId,
    ownerId: row.ownerId,
    clientId: row.clientId,
    stage: row.stage,
    kind: row.kind,
    limitHours: row.limitHours,
    dueAt: isoRequired(row.dueAt),
    breachedAt: isoRequired(row.breachedAt),
    taskId: row.taskId,
    escalateAt: isoRequired(row.escalateAt),
    escalatedAt: iso(row.escalatedAt),
    escalatedTo: row.escalatedTo,
    clearedAt: iso(row.clearedAt),
    clearedReason: row.clearedReason,
    firstTouchAt: iso(row.firstTouchAt),
  };
}
