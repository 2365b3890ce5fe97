import type { BranchCondition, GuardrailName, SequenceStep } from '@pivotal-pm/sdk';
import type { CompletionReason } from '../lifecycle';
import type { EnrollmentRow, StepState } from '../rows';
import type { BatchContext } from './context';

/** What the runner's decisions are made of: an enrollment's next state, an outcome, and the branch conditions. */

/** The new run state of an enrollment. */
export type NextState = {
  status: 'active' | 'paused' | 'completed' | 'failed';
  currentStep: number;
  stepState: StepState;
  nextRunAt: Date | null;
  lastActionAt: Date | null;
  stopReason: string | null;
  attempts: number;
  meta: Record<string, unknown>;
};

/** What running one claimed enrollment decided: its new state and the side effects to write. */
export type Outcome = {
  row: EnrollmentRow;
  next: NextState;
  kind: 'executed' | 'deferred' | 'completed' | 'failed' | 'awaiting';
  /** The step that ran (its key makes its side effect happen at most once). */
  ran?: { key: string; index: number; action: string };
  send?: {
    key: string;
    stepKey: string;
    index: number;
    mailboxId: string;
    to: string;
    name: string;
    subject: string;
    html: string;
    headers: Record<string, string>;
  };
  task?: {
    type: 'call' | 'email' | 'followup' | 'todo';
    title: string;
    notes: string | null;
    dueAt: Date;
    priority: 'low' | 'normal' | 'high';
  };
  approval?: { stepKey: string; index: number; to: string; subject: string; html: string };
  webhook?: { url: string; key: string; body: Record<string, unknown> };
  completed?: CompletionReason;
  failed?: { code: string; message: string };
  /** Guardrails that moved a deferred step, with the time it moved to. */
  blockedBy?: GuardrailName[];
};

export type Helpers = {
  base: NextState;
  complete: (reason: CompletionReason, extra?: Partial<Outcome>) => Outcome;
  fail: (code: string, message: string) => Outcome;
  next: (
    at: number,
    ran: Outcome['ran'] | undefined,
    extra?: { key: string; step: SequenceStep }[],
    more?: Partial<Outcome>,
  ) => Outcome;
  ranStep: (action: string) => { key: string; index: number; action: string };
};

/** True when `when` happened for the enrollment since `since` (epoch ms). */
export function conditionHolds(ctx: BatchContext, row: EnrollmentRow, when: BranchCondition, since: number): boolean {
  const seen = (kind: string) =>
    (ctx.tracking.get(row.id) ?? []).some((e) => e.kind === kind && +new Date(e.occurredAt) >= since);
  switch (when) {
    case 'replied':
      return seen('reply');
    case 'opened':
      return seen('open');
    case 'clicked':
      return seen('click');
    case 'no_open_48h':
      return !seen('open');
    case 'meeting_booked':
      return typeof row.meta?.meetingBookedAt === 'string' && Date.parse(row.meta.meetingBookedAt) >= since;
    case 'stage_changed':
      return row.opportunityId !== null && (ctx.stageEnteredAt.get(row.opportunityId) ?? 0) >= since;
  }
}

export const keyed = (steps: readonly SequenceStep[], prefix: string) =>
  steps.map((step, k) => ({ key: `${prefix}${k}`, step }));
