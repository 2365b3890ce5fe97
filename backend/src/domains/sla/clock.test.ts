import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slaDeadline, type SlaCalendar } from './clock';

const london = (over: Partial<SlaCalendar> = {}): SlaCalendar => ({
  zone: 'Europe/London',
  clock: 'calendar',
  holidays: new Set(),
  away: [],
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('slaDeadline', () => {
  it('counts calendar days in local time across the autumn DST change (73 real hours)', () => {
    // Friday 24 Oct 2025 10:00 BST (09:00Z); clocks go back on Sunday 26 Oct; Monday 10:00 GMT is 10:00Z.
    expect(slaDeadline(at('2025-10-24T09:00:00Z'), 72, london())).toEqual(at('2025-10-27T10:00:00Z'));
  });

  it('counts calendar days in local time across the spring DST change (71 real hours)', () => {
    // Friday 28 Mar 2025 10:00 GMT; clocks go forward on Sunday 30 Mar; Monday 10:00 BST is 09:00Z.
    expect(slaDeadline(at('2025-03-28T10:00:00Z'), 72, london())).toEqual(at('2025-03-31T09:00:00Z'));
  });

  it('skips the weekend on the business clock', () => {
    // Friday 10:00 + 3 business days = Wednesday 10:00.
    expect(slaDeadline(at('2025-10-24T09:00:00Z'), 72, london({ clock: 'business' }))).toEqual(
      at('2025-10-29T10:00:00Z'),
    );
  });

  it('starts counting on Monday 00:00 when the clock starts on a Saturday (business clock)', () => {
    expect(slaDeadline(at('2025-11-01T15:00:00Z'), 24, london({ clock: 'business' }))).toEqual(
      at('2025-11-04T00:00:00Z'),
    );
  });

  it('pauses on a holiday of the tenant, on either clock', () => {
    const holidays = new Set(['2025-12-25', '2025-12-26']);
    // Wednesday 24 Dec 12:00 + 48 h: 24th (12 h), 25th and 26th paused, 27th (24 h), 28th 12:00.
    expect(slaDeadline(at('2025-12-24T12:00:00Z'), 48, london({ holidays }))).toEqual(at('2025-12-28T12:00:00Z'));
  });

  it('pauses while the owner is out of office', () => {
    const away = [{ startsAt: at('2025-06-03T00:00:00Z'), endsAt: at('2025-06-05T00:00:00Z') }];
    // Monday 2 Jun 01:00 BST (00:00Z) + 48 h = 4 Jun 01:00 BST; two days away push it to 6 Jun 01:00 BST.
    expect(slaDeadline(at('2025-06-02T00:00:00Z'), 48, london({ away }))).toEqual(at('2025-06-06T00:00:00Z'));
  });

  it('uses the zone: the same instant and limit fall due at another instant in New York', () => {
    const ny: SlaCalendar = { ...london(), zone: 'America/New_York', clock: 'business' };
    // Friday 24 Oct 2025 20:00Z is 16:00 EDT Friday: 4 h left that day, then Monday (EDT) 20:00 = 00:00Z Tuesday.
    expect(slaDeadline(at('2025-10-24T20:00:00Z'), 28, ny)).toEqual(at('2025-10-28T00:00:00Z'));
  });

  it('never falls due earlier than the limit in real time on the calendar clock without DST (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 1, max: 24 * 60 }),
        (start, hours) => {
          const due = slaDeadline(new Date(start), hours, london({ zone: 'UTC' }));
          expect(due!.getTime() - start).toBe(hours * 3_600_000);
        },
      ),
    );
  });

  it('a business deadline is never earlier than the calendar one, and pauses only push it later (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 1, max: 24 * 30 }),
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        (start, hours, awayFor) => {
          const from = new Date(start);
          const calendar = slaDeadline(from, hours, london())!;
          const business = slaDeadline(from, hours, london({ clock: 'business' }))!;
          const away = [{ startsAt: new Date(start + 3_600_000), endsAt: new Date(start + 3_600_000 + awayFor) }];
          const paused = slaDeadline(from, hours, london({ away }))!;
          expect(business.getTime()).toBeGreaterThanOrEqual(calendar.getTime());
          expect(paused.getTime()).toBeGreaterThanOrEqual(calendar.getTime());
        },
      ),
    );
  });

  it('skips whole days and weeks only where nothing pauses: the same deadline as walking day by day (property)', () => {
    // A period away long before the start changes nothing but forces the day-by-day walk.
    const past = [{ startsAt: new Date(Date.UTC(2020, 0, 1)), endsAt: new Date(Date.UTC(2020, 0, 2)) }];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 1, max: 24 * 90 }),
        fc.constantFrom('calendar' as const, 'business' as const),
        fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata'),
        (start, hours, clock, zone) => {
          const calendar = london({ zone, clock });
          const walked = slaDeadline(new Date(start), hours, { ...calendar, away: past });
          expect(slaDeadline(new Date(start), hours, calendar)).toEqual(walked);
        },
      ),
    );
  });
});
