import type { Handler } from '#http/types';
import { simulateSchedule } from '#domains/sequences/simulate';
import { loadSimulation } from '#domains/sequences/simulateContext';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Dry-runs a sequence (a saved version or a draft) over a cohort: the exact schedule each contact would get, placed by
 * the runner's policy engine with the mailbox's pacing and every daily cap shared across the cohort. Reads only.
 */
export const sequenceSimulate: Handler<'sequence.simulate'> = async (input, ctx) => {
  const loaded = await loadSimulation(input, ctx);
  const schedule = simulateSchedule(loaded.plan);
  return {
    sequenceId: loaded.sequenceId,
    version: loaded.version,
    startAt: iso(loaded.plan.startAt),
    schedule: schedule.map((s) => ({
      contactId: s.contactId,
      stepIndex: s.stepIndex,
      stepKey: s.stepKey,
      type: s.type,
      at: iso(s.at),
      nominalAt: iso(s.nominalAt),
      deferredBy: s.deferredBy,
      delays: s.delays.map((d) => ({ guardrail: d.guardrail, from: iso(d.from), to: iso(d.to) })),
    })),
    excluded: loaded.excluded,
    warnings: loaded.warnings,
  };
};
