import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import type { CadenceStage, ScheduleLead } from './types';

/** Test arbitraries: zones with DST (London, New York, 30-minute Lord Howe, midnight-switching Santiago...) and without. */
export const ZONES = [
  'Europe/London',
  'America/New_York',
  'Europe/Paris',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'America/Havana',
  'Asia/Kolkata',
  'UTC',
] as const;

const DAY_MS = 86_400_000;

/** Test arbitraries: per zone, the local dates (ISO) on or next to which its UTC offset changes, 2024-2032. */
export const TRANSITION_DATES: Record<string, string[]> = Object.fromEntries(
  ZONES.map((tz) => {
    const zone = IANAZone.create(tz);
    const dates: string[] = [];
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2033, 0, 1); ms += DAY_MS) {
      if (zone.offset(ms) === zone.offset(ms + DAY_MS)) continue;
      for (const t of [ms, ms + DAY_MS]) {
        const date = DateTime.fromMillis(t, { zone: tz }).toISODate();
        if (date && !dates.includes(date)) dates.push(date);
      }
    }
    return [tz, dates];
  }),
);

/** Test arbitraries: an IANA zone from `ZONES`. */
export const zoneArb = fc.constantFrom(...ZONES);

/** Test arbitraries: an `HH:mm`, biased towards the hours DST switches skip or repeat. */
export const timeOfDayArb = fc.oneof(
  fc.constantFrom('00:00', '00:30', '01:00', '01:30', '02:00', '02:15', '02:30', '02:59', '03:00', '09:00', '23:59'),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
);

/** Test arbitraries: an instant between 2024 and 2032. */
export const instantArb = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 31) })
  .map((ms) => new Date(ms));

/** Test arbitraries: an instant `daysBefore` local days before a DST transition date of `tz`, at a random minute. */
export function instantBeforeTransitionArb(tz: string, daysBefore: number): fc.Arbitrary<Date> {
  const dates = TRANSITION_DATES[tz] ?? [];
  if (dates.length === 0) return instantArb;
  return fc.tuple(fc.constantFrom(...dates), fc.integer({ min: 0, max: DAY_MS - 1 })).map(([iso, ms]) => {
    const day = DateTime.fromISO(iso, { zone: tz }).minus({ days: daysBefore }).startOf('day');
    return new Date(Math.min(day.toMillis() + ms, day.endOf('day').toMillis()));
  });
}

/** Test arbitraries: cadence stages with unique keys and non-decreasing offsets (1 to 8 stages). */
export const stagesArb: fc.Arbitrary<CadenceStage[]> = fc
  .tuple(fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 0, maxLength: 7 }))
  .map(([first, steps]) => {
    const offsets = steps.reduce<number[]>((acc, step) => [...acc, (acc[acc.length - 1] ?? 0) + step], [first]);
    return offsets.map((offsetDays, i) => ({ key: `s${i}`, label: `Stage ${i}`, offsetDays }));
  });

/** Test arbitraries: a lead on one of the default cadence's stages, in any state, locked or not, due anywhere. */
export const leadArb = (nextActionAt: fc.Arbitrary<string | null>): fc.Arbitrary<ScheduleLead> =>
  fc.record({
    stageKey: fc.constantFrom('touch1', 'touch2', 'touch3', 'touch4', 'touch5'),
    stageStatus: fc.constantFrom('pending' as const, 'pending' as const, 'completed' as const),
    state: fc.constantFrom(
      'open' as const,
      'open' as const,
      'converted' as const,
      'drop_out' as const,
      'closed' as const,
    ),
    nextActionAt,
    lastActionAt: fc.constant(null),
    lastActionSource: fc.constantFrom(null, 'create' as const, 'done' as const),
    snappedPromotionId: fc.option(fc.uuid(), { nil: null }),
  });
