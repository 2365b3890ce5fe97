import { describe, expect, it } from 'vitest';
import { defaultCadence, leadAt } from './fixtures';
import { isOverdue, rolloverLead, rolloverTarget } from './rollover';

const at = (s: string): Date => new Date(s);

describe('rolloverTarget', () => {
  it('is the next local day at dayStartTime, across DST switches in two zones', () => {
    // 02:00 local on Saturday 2026-03-28 London -> Sunday 09:00 BST.
    expect(rolloverTarget(at('2026-03-28T02:00:00Z'), defaultCadence, 'Europe/London').toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    // 01:00 EDT on 2026-10-31 New York -> 11-01 09:00 EST.
    expect(rolloverTarget(at('2026-10-31T05:00:00Z'), defaultCadence, 'America/New_York').toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    );
    // 23:30 EST on 2026-03-07 (04:30Z on 03-08) -> 03-08 09:00 EDT, not 03-09.
    expect(rolloverTarget(at('2026-03-08T04:30:00Z'), defaultCadence, 'America/New_York').toISOString()).toBe(
      '2026-03-08T13:00:00.000Z',
    );
  });
});

describe('rolloverLead', () => {
  const now = at('2026-03-28T02:00:00Z');

  it('moves an overdue lead to the next day start', () => {
    const result = rolloverLead(leadAt('2026-03-27T09:00:00Z'), now, defaultCadence, 'Europe/London');
    expect(result).toMatchObject({
      status: 'applied',
      releasedLock: null,
      lead: {
        nextActionAt: '2026-03-29T08:00:00.000Z',
        lastActionAt: '2026-03-28T02:00:00.000Z',
        lastActionSource: 'rollover',
      },
    });
  });

  it('never moves a lead that is not overdue, is closed, or whose cadence has rollover off', () => {
    expect(isOverdue(leadAt('2026-03-28T02:00:00Z'), now)).toBe(true);
    expect(rolloverLead(leadAt('2026-03-28T02:00:01Z'), now, defaultCadence, 'UTC', { force: true })).toEqual({
      status: 'unchanged',
      reason: 'not_overdue',
    });
    const closed = leadAt(null, { stageStatus: 'completed', state: 'drop_out' });
    expect(rolloverLead(closed, now, defaultCadence, 'UTC')).toEqual({ status: 'unchanged', reason: 'closed' });
    expect(rolloverLead(leadAt('2026-03-27T09:00:00Z'), now, { ...defaultCadence, rollover: false }, 'UTC')).toEqual({
      status: 'unchanged',
      reason: 'rollover_disabled',
    });
  });

  it('leaves a promotion-locked overdue lead alone unless forced, then records the release', () => {
    const locked = leadAt('2026-03-27T09:00:00Z', { snappedPromotionId: 'promo-1' });
    expect(rolloverLead(locked, now, defaultCadence, 'Europe/London')).toEqual({
      status: 'locked',
      promotionId: 'promo-1',
    });
    expect(rolloverLead(locked, now, defaultCadence, 'Europe/London', { force: true })).toMatchObject({
      status: 'applied',
      releasedLock: { promotionId: 'promo-1', at: '2026-03-28T02:00:00.000Z', by: null },
      lead: { snappedPromotionId: null, nextActionAt: '2026-03-29T08:00:00.000Z' },
    });
  });
});
