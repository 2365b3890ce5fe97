import { describe, expect, it } from 'vitest';
import { fromCents, sumFigures, toCents } from '../../shared/data/money';
import { formatTabState, parseTabState } from '../../shared/data/urlState';
import { currentPeriodLabel, periodRange } from '../../shared/forecast/period';

describe('money', () => {
  it('parses and prints decimal strings exactly', () => {
    expect(toCents('1234.5')).toBe(123450n);
    expect(toCents('-0.07')).toBe(-7n);
    expect(fromCents(toCents('99999999999999.99'))).toBe('99999999999999.99');
  });

  it('sums weighted amounts like the server: exact products, one rounding (half away from zero) at the end', () => {
    const items = Array.from({ length: 1000 }, () => ({ amount: '0.05', probability: 0.35 }));
    // 1000 x 0.0175 = 17.50 exactly; summing rounded cents would give 1000 x 0.02 = 20.00
    expect(sumFigures(items)).toEqual({ count: 1000, amount: '50.00', weighted: '17.50' });
    expect(sumFigures([{ amount: '0.01', probability: 0.5 }]).weighted).toBe('0.01');
    expect(sumFigures([]).weighted).toBe('0.00');
  });
});

describe('tab state in the URL', () => {
  it('round-trips filters, view and forecast settings and keeps foreign parameters', () => {
    const state = parseTabState(
      '?view=forecast&pipeline=p1&owner=u1&tags=a,b&from=2026-01-01&q=web&period=month&groupBy=owner',
    );
    expect(state).toMatchObject({
      view: 'forecast',
      pipeline: 'p1',
      ownerId: 'u1',
      tags: ['a', 'b'],
      closeDateFrom: '2026-01-01',
      q: 'web',
      period: 'month',
      groupBy: 'owner',
    });
    expect(formatTabState({ ...state, q: undefined }, '?theme=dark')).toBe(
      '?theme=dark&view=forecast&pipeline=p1&owner=u1&from=2026-01-01&tags=a%2Cb&period=month&groupBy=owner',
    );
  });
});

describe('forecast periods', () => {
  it('gives calendar months and quarters around today', () => {
    const today = new Date('2026-11-22T10:00:00Z');
    expect(periodRange('month', 0, today, 'en-GB')).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      label: 'November 2026',
    });
    expect(periodRange('month', 1, today, 'de-DE').label).toBe('Dezember 2026');
    expect(periodRange('quarter', 0, today)).toEqual({ from: '2026-10-01', to: '2026-12-31', label: 'Q4 2026' });
    expect(periodRange('quarter', 1, today)).toMatchObject({ from: '2027-01-01', to: '2027-03-31', label: 'Q1 2027' });
    expect(currentPeriodLabel('month', today, 'en-GB')).toBe('This month: November 2026');
    expect(currentPeriodLabel('quarter', today)).toBe('This quarter: Q4 2026');
  });
});
