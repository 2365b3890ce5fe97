import { describe, expect, it } from 'vitest';
import { classifyReply, ownText } from '#domains/mail/replies/classify';
import { findReturnDate } from '#domains/mail/replies/returnDate';
import { replyFixtures } from './fixtures/replies';

const RECEIVED = new Date('2026-11-20T10:00:00Z');

describe('reply classifier over a labelled fixture set', () => {
  it('has at least 40 fixtures covering every class', () => {
    expect(replyFixtures.length).toBeGreaterThanOrEqual(40);
    expect(new Set(replyFixtures.map((f) => f.expected))).toEqual(
      new Set(['human_reply', 'out_of_office', 'bounce', 'unsubscribe']),
    );
  });

  it.each(replyFixtures)('$expected: $name', (fixture) => {
    const verdict = classifyReply({
      subject: fixture.subject,
      from: fixture.from,
      body: fixture.body,
      headers: fixture.headers ?? {},
      receivedAt: RECEIVED,
    });
    expect(verdict.classification, verdict.reason).toBe(fixture.expected);
    expect(verdict.reason.length).toBeGreaterThan(0);
    if (fixture.returnDate !== undefined) expect(verdict.returnDate).toBe(fixture.returnDate);
    if (fixture.expected !== 'out_of_office') expect(verdict.returnDate).toBeNull();
  });

  it("reads only the sender's own text, not the quoted original", () => {
    expect(ownText('Yes!\n\nOn Mon, Ana wrote:\n> unsubscribe')).toBe('Yes!');
    expect(ownText('No quote here')).toBe('No quote here');
  });

  it('gives no return date when there is none, and keeps a date in the past year-less to the next occurrence', () => {
    expect(findReturnDate('I will reply when I can.', RECEIVED)).toBeNull();
    expect(findReturnDate('back on 19 November', RECEIVED)).toBe('2027-11-19');
  });
});
