import { describe, expect, it } from 'vitest';
import { defaultCadence, leadAt } from './fixtures';
import { pushLead, pushPreset, rescheduleLead } from './push';

const at = (s: string): Date => new Date(s);
const push = (now: string, preset: 'laterToday' | 'tomorrowMorning' | 'nextWeek', tz: string): string =>
  pushPreset(at(now), preset, defaultCadence, tz).toISOString();

describe('pushPreset', () => {
  it('laterToday is three hours later, up to 18:00 local inclusive, else tomorrow morning', () => {
    expect(push('2026-01-12T10:00:00Z', 'laterToday', 'Europe/London')).toBe('2026-01-12T13:00:00.000Z');
    expect(push('2026-01-12T15:00:00Z', 'laterToday', 'Europe/London')).toBe('2026-01-12T18:00:00.000Z');
    expect(push('2026-01-12T15:01:00Z', 'laterToday', 'Europe/London')).toBe('2026-01-13T09:00:00.000Z');
    // 23:30 in New York (already 04:30Z the next day): tomorrow morning in New York.
    expect(push('2026-01-13T04:30:00Z', 'laterToday', 'America/New_York')).toBe('2026-01-13T14:00:00.000Z');
    // 14:00 BST on the fall-back eve: 17:00 BST is fine.
    expect(push('2026-10-24T13:00:00Z', 'laterToday', 'Europe/London')).toBe('2026-10-24T16:00:00.000Z');
  });

  it('tomorrowMorning is the next local day at dayStartTime, across DST switches', () => {
    expect(push('2026-03-07T20:00:00Z', 'tomorrowMorning', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    expect(push('2026-10-31T20:00:00Z', 'tomorrowMorning', 'America/New_York')).toBe('2026-11-01T14:00:00.000Z');
    expect(push('2026-03-28T20:00:00Z', 'tomorrowMorning', 'Europe/London')).toBe('2026-03-29T08:00:00.000Z');
  });

  it('nextWeek is the next Monday strictly after today (local), at dayStartTime', () => {
    expect(push('2026-11-23T10:00:00Z', 'nextWeek', 'Europe/London')).toBe('2026-11-30T09:00:00.000Z');
    expect(push('2026-11-22T10:00:00Z', 'nextWeek', 'Europe/London')).toBe('2026-11-23T09:00:00.000Z');
    // Sunday 23:30 in New York is Monday in UTC; the local Sunday decides.
    expect(push('2026-11-23T04:30:00Z', 'nextWeek', 'America/New_York')).toBe('2026-11-23T14:00:00.000Z');
    expect(push('2026-10-29T16:00:00Z', 'nextWeek', 'America/New_York')).toBe('2026-11-02T14:00:00.000Z');
    expect(push('2026-03-25T12:00:00Z', 'nextWeek', 'Europe/London')).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('pushLead and rescheduleLead', () => {
  const now = at('2026-01-12T10:00:00Z');

  it('move an open lead and record the action', () => {
    const pushed = pushLead(leadAt('2026-01-12T09:00:00Z'), now, 'tomorrowMorning', defaultCadence, 'Europe/London');
    expect(pushed).toMatchObject({
      status: 'applied',
      releasedLock: null,
      lead: {
        nextActionAt: '2026-01-13T09:00:00.000Z',
        lastActionAt: '2026-01-12T10:00:00.000Z',
        lastActionSource: 'push',
      },
    });
    const moved = rescheduleLead(leadAt('2026-01-12T09:00:00Z'), now, at('2026-02-01T08:00:00Z'));
    expect(moved).toMatchObject({
      status: 'applied',
      lead: { nextActionAt: '2026-02-01T08:00:00.000Z', lastActionSource: 'reschedule' },
    });
  });

  it('refuse closed leads', () => {
    const closed = leadAt(null, { stageStatus: 'completed', state: 'drop_out' });
    expect(pushLead(closed, now, 'nextWeek', defaultCadence, 'UTC')).toEqual({ status: 'invalid', reason: 'closed' });
    expect(rescheduleLead(closed, now, now)).toEqual({ status: 'invalid', reason: 'closed' });
  });

  it('leave a locked lead alone unless forced, then record the release', () => {
    const locked = leadAt('2026-01-12T09:00:00Z', { snappedPromotionId: 'promo-1' });
    expect(pushLead(locked, now, 'laterToday', defaultCadence, 'UTC')).toEqual({
      status: 'locked',
      promotionId: 'promo-1',
    });
    expect(rescheduleLead(locked, now, now, { force: false })).toEqual({ status: 'locked', promotionId: 'promo-1' });
    const forced = rescheduleLead(locked, now, at('2026-02-01T08:00:00Z'), { force: true, by: 'user-7' });
    expect(forced).toMatchObject({
      status: 'applied',
      releasedLock: { promotionId: 'promo-1', at: '2026-01-12T10:00:00.000Z', by: 'user-7' },
      lead: { snappedPromotionId: null, nextActionAt: '2026-02-01T08:00:00.000Z' },
    });
  });
});
