import { describe, expect, it } from 'vitest';
import {
  defaultProbability,
  isLostStage,
  isTerminalStage,
  isWonStage,
  lostStage,
  maxIdleHours,
  wonStage,
  type StagedPipeline,
} from '../../src/index';

const stageOrder = ['lead', 'qualified', 'proposal', 'closedWon', 'closedLost'];

describe('stage rules', () => {
  it('calls every stage starting with "closed" terminal, in any case', () => {
    expect(['closedWon', 'closedLost', 'closed', 'ClosedOnHold', 'closed_won'].map(isTerminalStage)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['lead', 'proposal', 'notClosed', 'clos'].map(isTerminalStage)).toEqual([false, false, false, false]);
  });

  it('recognises won and lost stages in camel, snake and kebab case', () => {
    expect(['closedWon', 'closed_won', 'closed-won', 'CLOSEDWON'].every(isWonStage)).toBe(true);
    expect(['closedLost', 'closed_lost', 'closed-lost', 'closedlost'].every(isLostStage)).toBe(true);
    expect(['closedWonBig', 'closed', 'won', 'closedLost'].some(isWonStage)).toBe(false);
    expect(['closedLostX', 'closedWon', 'lost'].some(isLostStage)).toBe(false);
  });

  it('finds the first won and lost stages of an order, or null', () => {
    expect(wonStage(stageOrder)).toBe('closedWon');
    expect(lostStage(stageOrder)).toBe('closedLost');
    expect(wonStage(['a', 'closed_won', 'closedWon'])).toBe('closed_won');
    expect(wonStage(['a', 'b'])).toBeNull();
    expect(lostStage(['a', 'closedWon'])).toBeNull();
  });

  it('derives default probabilities from the policy, then the stage position', () => {
    const pipeline: StagedPipeline = { stageOrder, slaPolicy: {} };
    expect(stageOrder.map((s) => defaultProbability(pipeline, s))).toEqual([0.25, 0.5, 0.75, 1, 0]);
    const withPolicy: StagedPipeline = {
      stageOrder,
      slaPolicy: { stageProbability: { qualified: 0.3, closedWon: 0.9 } },
    };
    expect(defaultProbability(withPolicy, 'qualified')).toBe(0.3);
    expect(defaultProbability(withPolicy, 'closedWon')).toBe(0.9);
    expect(defaultProbability(withPolicy, 'proposal')).toBe(0.75);
  });

  it('gives 0 to a second won-looking stage: only the first won stage is the won one', () => {
    expect(defaultProbability({ stageOrder: ['a', 'closedWon', 'closed_won'], slaPolicy: {} }, 'closed_won')).toBe(0);
  });

  it('rounds open-stage probabilities to 2 decimals', () => {
    expect(defaultProbability({ stageOrder: ['a', 'b', 'closedWon'], slaPolicy: {} }, 'a')).toBe(0.33);
  });

  it('takes the idle limit from the stage, else the default for open stages only', () => {
    const policy = { defaultMaxIdleHours: 72, stageMaxIdleHours: { proposal: 24, closedLost: 5 } };
    expect(maxIdleHours(policy, 'proposal')).toBe(24);
    expect(maxIdleHours(policy, 'lead')).toBe(72);
    expect(maxIdleHours(policy, 'closedWon')).toBeNull();
    expect(maxIdleHours(policy, 'closedLost')).toBe(5);
    expect(maxIdleHours({}, 'lead')).toBeNull();
  });
});
