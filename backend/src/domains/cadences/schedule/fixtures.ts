import { defaultCadenceStages } from '@pivotal-pm/sdk';
import type { ScheduleCadence, ScheduleLead } from './types';

/** Test fixture: the default cadence (offsets 0, 2, 7, 15, 30; keys touch1..touch5) starting at 09:00, rollover on. */
export const defaultCadence: ScheduleCadence = { stages: defaultCadenceStages, dayStartTime: '09:00', rollover: true };

/** Test fixture: an open, pending, unlocked lead at `touch1`, due at `nextActionAt`, with overrides applied. */
export function leadAt(nextActionAt: string | null, overrides: Partial<ScheduleLead> = {}): ScheduleLead {
  return {
    stageKey: 'touch1',
    stageStatus: 'pending',
    state: 'open',
    nextActionAt,
    lastActionAt: null,
    lastActionSource: 'create',
    snappedPromotionId: null,
    ...overrides,
  };
}
