import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatMonth, isOverdue, todayOf } from '../../shared/data/format';
import { formatMoney as fromMoneyModule } from '../../shared/data/money';

describe('format', () => {
  it('formats amounts in the given locale and currency', () => {
    expect(formatMoney('12345.6', 'GBP', false, 'en-GB')).toBe('£12,345.60');
    expect(formatMoney('12345.6', 'EUR', false, 'de-DE')).toBe('12.345,60\u00a0€');
    expect(formatMoney('12345.6', 'USD', true, 'en-US')).toBe('$12.3K');
    expect(fromMoneyModule).toBe(formatMoney);
  });

  it('formats a calendar date as the same day in every time zone and locale order', () => {
    expect(formatDate('2026-12-01', 'en-GB')).toBe('1 Dec 2026');
    expect(formatDate('2026-12-01', 'en-US')).toBe('Dec 1, 2026');
    expect(formatDate('2026-12-31', 'de-DE')).toBe('31.12.2026');
  });

  it('formats timestamps with their time, and months by name', () => {
    expect(formatDateTime('2026-12-03T14:05:00Z', 'en-GB', 'UTC')).toBe('3 Dec 2026, 14:05');
    expect(formatDateTime('2026-12-03T14:05:00Z', 'en-US', 'America/New_York')).toBe('Dec 3, 2026, 9:05 AM');
    expect(formatMonth('2026-12-01', 'en-GB')).toBe('December 2026');
    expect(formatMonth('2026-02-28', 'fr-FR')).toBe('février 2026');
  });

  it('flags open deals whose close date is before today, only open ones', () => {
    const today = todayOf(new Date(2026, 11, 7, 10).getTime());
    expect(today).toBe('2026-12-07');
    expect(isOverdue({ status: 'open', closeDate: '2026-12-06' }, today)).toBe(true);
    expect(isOverdue({ status: 'open', closeDate: '2026-12-07' }, today)).toBe(false);
    expect(isOverdue({ status: 'open', closeDate: null }, today)).toBe(false);
    expect(isOverdue({ status: 'won', closeDate: '2026-01-01' }, today)).toBe(false);
    expect(isOverdue({ status: 'onHold', closeDate: '2026-01-01' }, today)).toBe(false);
  });
});
