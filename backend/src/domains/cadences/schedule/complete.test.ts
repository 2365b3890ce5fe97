import { describe, expect, it } from 'vitest';
import { completeStage } from './complete';
import { defaultCadence, leadAt } from './fixtures';

const done = new Date('2026-03-27T16:00:00Z');

describe('completeStage', () => {
  it('advances to the next stage, anchored on the completion time', () => {
    const result = completeStage(leadAt('2026-03-27T09:00:00Z'), done, defaultCadence, 'Europe/London');
    expect(result).toEqual({
      status: 'applied',
      closed: false,
      stageKey: 'touch2',
      nextActionAt: new Date('2026-03-29T08:00:00Z'),
      releasedLock: null,
      lead: {
        stageKey: 'touch2',
        stageStatus: 'pending',
        state: 'open',
        nextActionAt: '2026-03-29T08:00:00.000Z',
        lastActionAt: '2026-03-27T16:00:00.000Z',
        lastActionSource: 'done',
        snappedPromotionId: null,
      },
    });
  });

  it('closes the lead after the last stage (nextActionAt cleared, open becomes drop_out)', () => {
    const result = completeStage(
      leadAt('2026-03-27T09:00:00Z', { stageKey: 'touch5' }),
      done,
      defaultCadence,
      'Europe/London',
    );
    expect(result.status).toBe('applied');
    if (result.status !== 'applied') return;
    expect(result.closed).toBe(true);
    expect(result.lead).toMatchObject({
      stageKey: 'touch5',
      stageStatus: 'completed',
      state: 'drop_out',
      nextActionAt: null,
      lastActionSource: 'done',
    });
  });

  it('refuses closed leads and stages the cadence no longer has', () => {
    const closed = leadAt(null, { stageKey: 'touch5', stageStatus: 'completed', state: 'drop_out' });
    expect(completeStage(closed, done, defaultCadence, 'UTC')).toEqual({ status: 'invalid', reason: 'closed' });
    expect(completeStage(leadAt('2026-03-27T09:00:00Z', { stageKey: 'gone' }), done, defaultCadence, 'UTC')).toEqual({
      status: 'invalid',
      reason: 'unknown_stage',
    });
  });

  it('leaves a promotion-locked lead alone unless forced, and records the release when forced', () => {
    const locked = leadAt('2026-03-27T09:00:00Z', { snappedPromotionId: 'promo-1' });
    expect(completeStage(locked, done, defaultCadence, 'UTC')).toEqual({ status: 'locked', promotionId: 'promo-1' });
    const forced = completeStage(locked, done, defaultCadence, 'UTC', { force: true, by: 'user-7' });
    expect(forced.status).toBe('applied');
    if (forced.status !== 'applied') return;
    expect(forced.releasedLock).toEqual({ promotionId: 'promo-1', at: '2026-03-27T16:00:00.000Z', by: 'user-7' });
    expect(forced.lead.snappedPromotionId).toBeNull();
    expect(forced.lead.stageKey).toBe('touch2');
  });
});
