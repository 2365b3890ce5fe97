import { describe, expect, it } from 'vitest';
import { addDays, atLocalTime, isoWeekday, localDate, localParts, parseTimeOfDay } from './localTime';

const iso = (d: Date): string => d.toISOString();

describe('atLocalTime', () => {
  it('places an ordinary time at the zone offset of that day (winter and summer)', () => {
    expect(iso(atLocalTime({ year: 2026, month: 1, day: 15 }, '09:00', 'Europe/London'))).toBe(
      '2026-01-15T09:00:00.000Z',
    );
    expect(iso(atLocalTime({ year: 2026, month: 7, day: 15 }, '09:00', 'Europe/London'))).toBe(
      '2026-07-15T08:00:00.000Z',
    );
    expect(iso(atLocalTime({ year: 2026, month: 1, day: 15 }, '09:00', 'America/New_York'))).toBe(
      '2026-01-15T14:00:00.000Z',
    );
    expect(iso(atLocalTime({ year: 2026, month: 7, day: 15 }, '09:00', 'America/New_York'))).toBe(
      '2026-07-15T13:00:00.000Z',
    );
  });

  it('moves a time in a spring-forward gap to the first valid instant (the transition)', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
    const ny = atLocalTime({ year: 2026, month: 3, day: 8 }, '02:30', 'America/New_York');
    expect(iso(ny)).toBe('2026-03-08T07:00:00.000Z');
    expect(localParts(ny, 'America/New_York')).toEqual({ year: 2026, month: 3, day: 8, time: '03:00' });
    // London, 2026-03-29: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist.
    const london = atLocalTime({ year: 2026, month: 3, day: 29 }, '01:30', 'Europe/London');
    expect(iso(london)).toBe('2026-03-29T01:00:00.000Z');
    expect(localParts(london, 'Europe/London').time).toBe('02:00');
    // Lord Howe shifts by 30 minutes: 2026-10-04 02:00 jumps to 02:30.
    expect(
      localParts(atLocalTime({ year: 2026, month: 10, day: 4 }, '02:15', 'Australia/Lord_Howe'), 'Australia/Lord_Howe')
        .time,
    ).toBe('02:30');
  });

  it('picks the earlier occurrence of a time repeated by a fall-back', () => {
    // New York, 2026-11-01: 01:30 occurs at EDT (05:30Z) and again at EST (06:30Z).
    expect(iso(atLocalTime({ year: 2026, month: 11, day: 1 }, '01:30', 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // London, 2026-10-25: 01:30 occurs at BST (00:30Z) and again at GMT (01:30Z).
    expect(iso(atLocalTime({ year: 2026, month: 10, day: 25 }, '01:30', 'Europe/London'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('leaves times outside the transition hour untouched on transition days', () => {
    expect(iso(atLocalTime({ year: 2026, month: 3, day: 8 }, '09:00', 'America/New_York'))).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    expect(iso(atLocalTime({ year: 2026, month: 10, day: 25 }, '09:00', 'Europe/London'))).toBe(
      '2026-10-25T09:00:00.000Z',
    );
  });

  it('rejects unknown zones and malformed times', () => {
    expect(() => atLocalTime({ year: 2026, month: 1, day: 1 }, '09:00', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => parseTimeOfDay('9:00')).toThrow(RangeError);
    expect(() => parseTimeOfDay('24:00')).toThrow(RangeError);
  });
});

describe('calendar helpers', () => {
  it('reads the local date of an instant in the zone, not in UTC', () => {
    expect(localDate(new Date('2026-03-02T03:00:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 3, day: 1 });
    expect(localDate(new Date('2026-03-01T23:30:00Z'), 'Europe/Paris')).toEqual({ year: 2026, month: 3, day: 2 });
  });

  it('adds calendar days across month and year ends and knows the ISO weekday', () => {
    expect(addDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(isoWeekday({ year: 2026, month: 11, day: 23 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 11, day: 22 })).toBe(7);
  });
});
