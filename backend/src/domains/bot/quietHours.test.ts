import { describe, expect, it } from 'vitest';
import { quietUntil } from './quietHours';

describe('quietUntil', () => {
  it('holds a card inside quiet hours that cross midnight, until their end the next morning (local time)', () => {
    // 22:30 in London (BST) is 21:30Z; quiet 20:00-08:00 ends 08:00 BST = 07:00Z the next day.
    expect(quietUntil(new Date('2026-06-10T21:30:00Z'), 'Europe/London', '20:00', '08:00')).toEqual(
      new Date('2026-06-11T07:00:00Z'),
    );
    // 06:00 local: the same morning's end.
    expect(quietUntil(new Date('2026-06-11T05:00:00Z'), 'Europe/London', '20:00', '08:00')).toEqual(
      new Date('2026-06-11T07:00:00Z'),
    );
  });

  it('lets a card through outside quiet hours or without them', () => {
    expect(quietUntil(new Date('2026-06-10T12:00:00Z'), 'Europe/London', '20:00', '08:00')).toBeNull();
    expect(quietUntil(new Date('2026-06-10T12:00:00Z'), 'Europe/London', null, null)).toBeNull();
  });

  it('handles a range within one day (12:00-13:00 lunch) in another zone', () => {
    // 12:15 in New York (EDT) is 16:15Z.
    expect(quietUntil(new Date('2026-06-10T16:15:00Z'), 'America/New_York', '12:00', '13:00')).toEqual(
      new Date('2026-06-10T17:00:00Z'),
    );
  });
});
