import type { SequenceStep } from '@pivotal-pm/sdk';
import type { CompletionReason } from '../lifecycle';
import type { DefinitionRow, EnrollmentRow, StepState } from '../rows';
import { defOf, type BatchContext } from './context';
import { decideEmail } from './decideEmail';
import { conditionHolds, keyed, type NextState, type Outcome } from './outcome';
import { actionOf, currentStep, durationMs, stepSendKey, taskOf, type CurrentStep } from './steps';

const HOUR = 3_600_000;
/** Attempts before a step that keeps failing fails the enrollment. */
export const MAX_ATTEMPTS = 5;

/** Step state and index after leaving `cur`, with steps a branch queued (`extra`) in front. */
function advance(
  row: EnrollmentRow,
  def: DefinitionRow,
  cur: CurrentStep,
  extra: { key: string; step: SequenceStep }[] = [],
): { currentStep: number; stepState: StepState; finished: boolean } {
  const pending = row.stepState?.pending ?? [];
  const fromPending = pending.length > 0 && pending[0]!.key === cur.key;
  const rest = fromPending ? pending.slice(1) : pending;
  const index = fromPending ? row.currentStep : row.currentStep + 1;
  const queue = [...extra, ...rest];
  return {
    currentStep: index,
    stepState: queue.length > 0 ? { pending: queue } : {},
    finished: queue.length === 0 && index >= def.steps.length,
  };
}

/**
 * Decides what one claimed enrollment does now. Pure given the context, except that an email it sends counts
 * against `usage` at once (so later enrollments of the batch see the cap).
 */
export function decide(
  ctx: BatchContext,
  row: EnrollmentRow,
  usage: Map<string, number>,
  secret: Buffer | null,
  publicUrl: string,
): Outcome {
  const now = ctx.now.getTime();
  const def = defOf(ctx, row);
  const base: NextState = {
    status: 'active',
    currentStep: row.currentStep,
    stepState: row.stepState ?? {},
    nextRunAt: row.nextRunAt,
    lastActionAt: row.lastActionAt,
    stopReason: null,
    attempts: row.attempts,
    meta: row.meta ?? {},
  };
  const complete = (reason: CompletionReason, extra: Partial<Outcome> = {}): Outcome => ({
    row,
    kind: extra.ran ? 'executed' : 'completed',
    ...extra,
    completed: reason,
    next: {
      ...base,
      status: 'completed',
      stopReason: reason,
      nextRunAt: null,
      lastActionAt: extra.ran ? ctx.now : base.lastActionAt,
      attempts: 0,
    },
  });
  const fail = (code: string, message: string): Outcome => {
    const attempts = row.attempts + 1;
    if (attempts >= MAX_ATTEMPTS)
      return {
        row,
        kind: 'failed',
        failed: { code, message },
        next: { ...base, status: 'failed', stopReason: code, nextRunAt: null, attempts },
      };
    return {
      row,
      kind: 'deferred',
      next: {
        ...base,
        attempts,
        nextRunAt: new Date(now + Math.min(2 ** attempts * 60_000, HOUR)),
        meta: { ...base.meta, lastError: `${code}: ${message}` },
      },
    };
  };
  const seq = ctx.sequences.get(row.sequenceId);
  if (!seq || !seq.active || seq.archivedAt) return complete('archived');
  const cur = currentStep(row, def.steps);
  if (!cur) return complete('finished');
  const index = Number.parseInt(cur.key.slice(1), 10);
  const step = cur.step;
  // Leaves the step: the next one is due at `at` (the runner places emails under the guardrails when they run).
  const next = (
    at: number,
    ran: Outcome['ran'] | undefined,
    extra: { key: string; step: SequenceStep }[] = [],
    more: Partial<Outcome> = {},
  ): Outcome => {
    const a = advance(row, def, cur, extra);
    if (a.finished) return complete('finished', { ...more, ...(ran ? { ran } : {}) });
    return {
      row,
      kind: ran ? 'executed' : 'completed',
      ...more,
      ...(ran ? { ran } : {}),
      next: {
        ...base,
        currentStep: a.currentStep,
        stepState: a.stepState,
        nextRunAt: new Date(at),
        lastActionAt: ran ? ctx.now : base.lastActionAt,
        attempts: 0,
      },
    };
  };
  const ranStep = (action: string) => ({ key: cur.key, index, action });

  switch (step.type) {
    case 'stop':
      return complete('stopped', { ran: ranStep('stop') });
    case 'wait':
      return next(now + durationMs(step.duration), ranStep('wait'));
    case 'call':
    case 'linkedin':
    case 'task': {
      const t = taskOf(step)!;
      return next(now + durationMs('wait' in step ? step.wait : undefined), ranStep('create_task'), [], {
        task: {
          type: t.type,
          title: `${t.title} (${seq.name})`,
          notes: t.notes,
          dueAt: new Date(now + durationMs(t.dueIn)),
          priority: t.priority,
        },
      });
    }
    case 'webhook':
      return next(now + durationMs(step.wait), ranStep('call_webhook'), [], {
        webhook: {
          url: step.url,
          key: stepSendKey(row.id, cur.key),
          body: {
            ...(step.payload ?? {}),
            enrollmentId: row.id,
            sequenceId: row.sequenceId,
            contactId: row.contactId,
            opportunityId: row.opportunityId,
            stepKey: cur.key,
          },
        },
      });
    case 'branch': {
      if (step.within && row.stepState?.phase !== 'waiting') {
        return {
          row,
          kind: 'executed',
          ran: ranStep('branch'),
          next: {
            ...base,
            stepState: { ...base.stepState, phase: 'waiting', key: cur.key, actedAt: ctx.now.toISOString() },
            nextRunAt: new Date(now + durationMs(step.within)),
            attempts: 0,
          },
        };
      }
      const since = Date.parse(
        row.stepState?.actedAt ?? row.lastActionAt?.toISOString() ?? row.createdAt.toISOString(),
      );
      const holds = conditionHolds(ctx, row, step.when, since);
      const chosen = holds ? keyed(step.do, `${cur.key}.d`) : keyed(step.else ?? [], `${cur.key}.e`);
      return next(now, row.stepState?.phase === 'waiting' ? undefined : ranStep('branch'), chosen);
    }
    case 'email':
      return decideEmail(ctx, row, def, cur, index, step, usage, secret, publicUrl, {
        base,
        complete,
        fail,
        next,
        ranStep,
      });
  }
}

export { actionOf };
