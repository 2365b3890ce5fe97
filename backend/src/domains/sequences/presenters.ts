import type { Sequence, SequenceApproval, SequenceEnrollment, Suppression } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { readAudience } from './audience';
import type { ApprovalRow, EnrollmentRow, SequenceRow, SuppressionRow } from './rows';

const stamps = (row: { id: string; tenantId: string; createdAt: Date; updatedAt: Date }) => ({
  id: row.id,
  tenantId: row.tenantId,
  createdAt: isoRequired(row.createdAt),
  updatedAt: isoRequired(row.updatedAt),
});

/** A `sequences` row as the Sequence DTO. */
export function presentSequence(row: SequenceRow): Sequence {
  return {
    ...stamps(row),
    name: row.name,
    goal: row.goal,
    steps: row.steps,
    audience: readAudience(row.audience),
    sendWindow: row.sendWindow,
    cooldowns: row.cooldowns,
    guardrails: row.guardrails,
    stopRules: {
      stageChanged: row.stopRules?.stageChanged ?? true,
      meetingBooked: row.stopRules?.meetingBooked ?? true,
    },
    exclusive: row.exclusive,
    definitionVersion: row.definitionVersion,
    ownerId: row.ownerId,
    clientId: row.clientId,
    active: row.active,
    archivedAt: iso(row.archivedAt),
    version: row.version,
  };
}

/** A `sequence_enrollments` row as the Sequence Enrollment DTO. */
export function presentEnrollment(row: EnrollmentRow): SequenceEnrollment {
  return {
    ...stamps(row),
    sequenceId: row.sequenceId,
    sequenceVersion: row.sequenceVersion,
    opportunityId: row.opportunityId,
    contactId: row.contactId,
    status: row.status,
    currentStep: row.currentStep,
    nextRunAt: iso(row.nextRunAt),
    lastActionAt: iso(row.lastActionAt),
    ownerId: row.ownerId,
    stopReason: row.stopReason,
    pausedUntil: iso(row.pausedUntil),
    meta: row.meta ?? {},
    version: row.version,
  };
}

/** A `suppressions` row as the Suppression DTO. */
export function presentSuppression(row: SuppressionRow): Suppression {
  return {
    ...stamps(row),
    kind: row.kind,
    value: row.value,
    reason: row.reason,
    contactId: row.contactId,
    createdBy: row.createdBy,
  };
}

/** A `sequence_approvals` row as the SequenceApproval DTO. */
export function presentApproval(row: ApprovalRow): SequenceApproval {
  return {
    ...stamps(row),
    sequenceId: row.sequenceId,
    enrollmentId: row.enrollmentId,
    stepIndex: row.stepIndex,
    kind: row.kind,
    contactId: row.contactId,
    opportunityId: row.opportunityId,
    preview: row.preview,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: iso(row.decidedAt),
    reason: row.reason,
    version: row.version,
  };
}
