import type { AuditLogEntry, FeatureFlag, FeatureFlagState } from '@pivotal-pm/sdk';
import { redactDeep } from '#observability/logger';
import { isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** An `audit_log` row as knex returns it (camelCase), with the exact `at` for cursors. */
export type AuditRow = {
  tenantId: string;
  id: string;
  at: Date;
  actor: string;
  operation: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  cursorAt: string;
};
/** The columns of `AuditRow` (`audit_log`). */
export const auditColumns = tableColumns<Omit<AuditRow, 'cursorAt'>>()('audit_log', [
  'tenantId',
  'id',
  'at',
  'actor',
  'operation',
  'targetType',
  'targetId',
  'requestId',
  'before',
  'after',
]);

/** A `feature_flags` row. */
export type FeatureFlagRow = { flag: FeatureFlag; enabled: boolean; updatedAt: Date };
/** The columns of `FeatureFlagRow` (`feature_flags`). */
export const featureFlagColumns = tableColumns<FeatureFlagRow>()(
  'feature_flags',
  ['flag', 'enabled', 'updatedAt'],
  false,
);

/** Redacted again on the way out (rows written outside `ctx.audit`, e.g. by workers); non-objects are wrapped. */
function snapshot(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  const redacted = redactDeep(value);
  return typeof redacted === 'object' && redacted !== null && !Array.isArray(redacted)
    ? (redacted as Record<string, unknown>)
    : { value: redacted };
}

/** AuditLogEntry DTO of a row. */
export function presentAuditEntry(row: AuditRow): AuditLogEntry {
  return {
    id: row.id,
    tenantId: row.tenantId,
    actor: row.actor,
    operation: row.operation,
    targetType: row.targetType,
    targetId: row.targetId,
    before: snapshot(row.before),
    after: snapshot(row.after),
    requestId: row.requestId,
    at: isoRequired(row.at),
  };
}

/** FeatureFlagState DTO of a row. */
export function presentFlag(row: FeatureFlagRow): FeatureFlagState {
  return { flag: row.flag, enabled: row.enabled, updatedAt: isoRequired(row.updatedAt) };
}
