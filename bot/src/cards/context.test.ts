import { describe, expect, it } from 'vitest';
import { appUrl, formatAmount, formatDate, formatDateRange, formatHours, formatWhen } from './context';
import { SAMPLE_CONTEXT as ctx } from './samples';

describe('formatting in the recipient’s locale and zone', () => {
  it('formats decimal-string amounts exactly in the locale', () => {
    expect(formatAmount(ctx, '48000.00', 'GBP')).toBe('£48,000');
    expect(formatAmount(ctx, '125000.00', 'EUR')).toBe('€125,000');
    expect(formatAmount({ ...ctx, locale: 'de-DE' }, '125000.00', 'EUR')).toBe('125.000\u00a0€');
    expect(formatAmount(ctx, '9007199254740993.00', 'USD')).toBe('US$9,007,199,254,740,993');
    expect(formatAmount(ctx, 'n/a', 'GBP')).toBe('n/a GBP');
  });

  it('shows limits as days when a multiple of 24 hours', () => {
    expect(formatHours(ctx, 72)).toBe('3 days');
    expect(formatHours(ctx, 24, 'business ')).toBe('1 business day');
    expect(formatHours(ctx, 36)).toBe('36 hours');
    expect(formatHours(ctx, 1)).toBe('1 hour');
  });

  it('formats instants in the recipient’s zone, briefly relative to now', () => {
    // 11 March 2025 is before the UK's clock change: London is on UTC.
    expect(formatWhen(ctx, '2025-03-11T10:42:00Z')).toBe('10:42');
    expect(formatWhen(ctx, '2025-03-18T09:00:00Z')).toBe('Tue 18 Mar, 09:00');
    expect(formatWhen(ctx, '2025-03-12T09:00:00Z')).toBe('Wed 09:00');
    expect(formatWhen(ctx, '2025-03-10T09:00:00Z')).toBe('Mon 10 Mar, 09:00');
    expect(formatWhen({ ...ctx, timeZone: 'America/New_York' }, '2025-03-11T10:42:00Z')).toBe('06:42');
    expect(formatWhen(ctx, '2024-12-20T09:00:00Z')).toBe('Fri, 20 Dec 2024, 09:00');
  });

  it('formats calendar dates without a zone shift', () => {
    expect(formatDate({ ...ctx, timeZone: 'Pacific/Auckland' }, '2025-03-31')).toBe('Mon, 31 Mar 2025');
    // ICU puts thin spaces around the range dash.
    expect(formatDateRange(ctx, '2025-03-03', '2025-03-09').replace(/\s/g, ' ')).toBe('3 – 9 Mar 2025');
  });

  it('builds app URLs with encoded segments and queries', () => {
    expect(appUrl({ ...ctx, appBaseUrl: 'https://x.example/' }, ['a b', 'c/d'], { q: '1&2' })).toBe(
      'https://x.example/a%20b/c%2Fd?q=1%262',
    );
  });
});
