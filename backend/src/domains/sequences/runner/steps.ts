import type { SequenceStep } from '@pivotal-pm/sdk';
import { Duration } from 'luxon';
import type { EnrollmentRow } from '../rows';

/** The step an enrollment is at: its stable key (`s2`, `s2.b0.1` for a branch's steps) and top-level index. */
export type CurrentStep = { key: string; index: number; step: SequenceStep };

/** The step to run next: a step a branch queued, else the top-level step `currentStep`; null when finished. */
export function currentStep(
  row: Pick<EnrollmentRow, 'currentStep' | 'stepState'>,
  steps: readonly SequenceStep[],
): CurrentStep | null {
  const pending = row.stepState?.pending ?? [];
  if (pending.length > 0) return { key: pending[0]!.key, index: row.currentStep, step: pending[0]!.step };
  const step = steps[row.currentStep];
  return step ? { key: `s${row.currentStep}`, index: row.currentStep, step } : null;
}

/** Milliseconds of an ISO-8601 duration (calendar units as their usual lengths); 0 when absent. */
export function durationMs(iso: string | undefined): number {
  if (!iso) return 0;
  const d = Duration.fromISO(iso);
  if (!d.isValid) throw new Error(`bad ISO-8601 duration ${iso}`);
  return d.as('milliseconds');
}

/** The deterministic key of a step's side effect: `seq:<enrollmentId>:<stepKey>`. */
export const stepSendKey = (enrollmentId: string, stepKey: string) => `seq:${enrollmentId}:${stepKey}`;

/** What a step does when run, for `sequence.run.nextAction` and the step-run log. */
export function actionOf(
  step: SequenceStep,
  approved: boolean,
): 'send_email' | 'create_task' | 'wait' | 'call_webhook' | 'branch' | 'await_approval' | 'stop' {
  switch (step.type) {
    case 'email':
      return step.mode === 'manual' && !approved ? 'await_approval' : 'send_email';
    case 'call':
    case 'linkedin':
    case 'task':
      return 'create_task';
    case 'wait':
      return 'wait';
    case 'branch':
      return 'branch';
    case 'webhook':
      return 'call_webhook';
    case 'stop':
      return 'stop';
  }
}

/** The task a call / LinkedIn / task step puts in the owner's queue. */
export function taskOf(step: SequenceStep): {
  type: 'call' | 'email' | 'followup' | 'todo';
  title: string;
  notes: string | null;
  dueIn: string | undefined;
  priority: 'low' | 'normal' | 'high';
} | null {
  if (step.type === 'call')
    return { type: 'call', title: 'Sequence: call', notes: step.script ?? null, dueIn: step.dueIn, priority: 'normal' };
  if (step.type === 'linkedin')
    return {
      type: 'todo',
      title: `Sequence: LinkedIn ${step.action.replace('_', ' ')}`,
      notes: step.note ?? null,
      dueIn: step.dueIn,
      priority: 'normal',
    };
  if (step.type === 'task')
    return {
      type: step.taskType,
      title: step.title ?? `Sequence: ${step.taskType}`,
      notes: null,
      dueIn: step.dueIn,
      priority: step.priority ?? 'normal',
    };
  return null;
}
