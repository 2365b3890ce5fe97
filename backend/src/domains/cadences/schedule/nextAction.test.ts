import { describe, expect, it } from 'vitest';
import { defaultCadence } from './fixtures';
import { initialNextActionAt, nextActionAt } from './nextAction';

const at = (s: string): Date => new Date(s);
const iso = (d: Date): string => d.toISOString();

describe('nextActionAt', () => {
  it('counts the offset delta in local calendar days from the completion, at dayStartTime', () => {
    // touch1 (day 0) -> touch2 (day 2), completed Monday 2026-01-12 16:00 London: due Wednesday 09:00 GMT.
    expect(iso(nextActionAt(at('2026-01-12T16:00:00Z'), 'touch1', 'touch2', defaultCadence, 'Europe/London'))).toBe(
      '2026-01-14T09:00:00.000Z',
    );
    // touch2 (day 2) -> touch3 (day 7): 5 days.
    expect(iso(nextActionAt(at('2026-01-12T16:00:00Z'), 'touch2', 'touch3', defaultCadence, 'Europe/London'))).toBe(
      '2026-01-17T09:00:00.000Z',
    );
  });

  it('anchors on the actual (late) completion time', () => {
    const onTime = nextActionAt(at('2026-01-14T09:05:00Z'), 'touch2', 'touch3', defaultCadence, 'Europe/London');
    const late = nextActionAt(at('2026-01-16T15:00:00Z'), 'touch2', 'touch3', defaultCadence, 'Europe/London');
    expect(iso(onTime)).toBe('2026-01-19T09:00:00.000Z');
    expect(iso(late)).toBe('2026-01-21T09:00:00.000Z');
  });

  it('keeps 09:00 local across the March and October/November switches in London and New York', () => {
    // London springs forward 2026-03-29: completion Friday 03-27 (GMT), due Sunday 03-29 09:00 BST = 08:00Z.
    expect(iso(nextActionAt(at('2026-03-27T16:00:00Z'), 'touch1', 'touch2', defaultCadence, 'Europe/London'))).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    // London falls back 2026-10-25: completion 10-23 (BST), due 10-25 09:00 GMT.
    expect(iso(nextActionAt(at('2026-10-23T16:00:00Z'), 'touch1', 'touch2', defaultCadence, 'Europe/London'))).toBe(
      '2026-10-25T09:00:00.000Z',
    );
    // New York springs forward 2026-03-08: completion 03-03 (EST), 5 days later 09:00 EDT = 13:00Z.
    expect(iso(nextActionAt(at('2026-03-03T20:00:00Z'), 'touch2', 'touch3', defaultCadence, 'America/New_York'))).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    // New York falls back 2026-11-01: completion 10-30 (EDT), due 11-01 09:00 EST = 14:00Z.
    expect(iso(nextActionAt(at('2026-10-30T20:00:00Z'), 'touch1', 'touch2', defaultCadence, 'America/New_York'))).toBe(
      '2026-11-01T14:00:00.000Z',
    );
  });

  it('uses the local date of the completion, which can differ from the UTC date', () => {
    // 2026-01-13T03:00Z is still Monday 01-12 22:00 in New York: two days later is Wednesday 01-14.
    expect(iso(nextActionAt(at('2026-01-13T03:00:00Z'), 'touch1', 'touch2', defaultCadence, 'America/New_York'))).toBe(
      '2026-01-14T14:00:00.000Z',
    );
  });

  it('moves a dayStartTime in a DST gap to the first valid instant of that day', () => {
    const cadence = { ...defaultCadence, dayStartTime: '02:30' };
    // Due 2026-03-08 02:30 New York, which does not exist: 03:00 EDT.
    expect(iso(nextActionAt(at('2026-03-06T20:00:00Z'), 'touch1', 'touch2', cadence, 'America/New_York'))).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    // The day after, 02:30 exists again (EDT).
    expect(iso(nextActionAt(at('2026-03-07T20:00:00Z'), 'touch1', 'touch2', cadence, 'America/New_York'))).toBe(
      '2026-03-09T06:30:00.000Z',
    );
  });

  it('makes a zero-day delta due at the completion itself, and rejects going backwards or unknown stages', () => {
    const cadence = {
      ...defaultCadence,
      stages: [
        { key: 'a', label: 'A', offsetDays: 3 },
        { key: 'b', label: 'B', offsetDays: 3 },
      ],
    };
    expect(iso(nextActionAt(at('2026-01-12T16:00:00Z'), 'a', 'b', cadence, 'UTC'))).toBe('2026-01-12T16:00:00.000Z');
    expect(() => nextActionAt(at('2026-01-12T16:00:00Z'), 'touch3', 'touch2', defaultCadence, 'UTC')).toThrow(
      RangeError,
    );
    expect(() => nextActionAt(at('2026-01-12T16:00:00Z'), 'touch1', 'nope', defaultCadence, 'UTC')).toThrow(RangeError);
  });
});

describe('initialNextActionAt', () => {
  it('is due now for a zero-offset stage', () => {
    expect(iso(initialNextActionAt(at('2026-01-12T16:07:13Z'), 'touch1', defaultCadence, 'Europe/London'))).toBe(
      '2026-01-12T16:07:13.000Z',
    );
  });

  it("adds the stage's offset to the local creation date, at dayStartTime, across a DST switch", () => {
    // Created Sunday 03-01 22:00 New York (EST); touch3 is day 7: 03-08 09:00 EDT = 13:00Z.
    expect(iso(initialNextActionAt(at('2026-03-02T03:00:00Z'), 'touch3', defaultCadence, 'America/New_York'))).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    // Created 10-10 in London (BST); touch4 is day 15: 10-25 09:00 GMT.
    expect(iso(initialNextActionAt(at('2026-10-10T12:00:00Z'), 'touch4', defaultCadence, 'Europe/London'))).toBe(
      '2026-10-25T09:00:00.000Z',
    );
  });
});
