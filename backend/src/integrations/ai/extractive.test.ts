import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueDateIn } from './dueDates';
import { extractiveSummariser, sentences } from './extractive';

const transcript = `Rep: Thanks for taking the time today, Dana.
Dana: Happy to. We looked at the proposal and the budget is around £40,000 for the first year.
Rep: That works. The timeline you mentioned was a launch in March, right?
Dana: Yes, legal needs to approve the contract before then.
Rep: Great. I'll send you the revised quote by Friday.
Dana: And we'll book a demo with the wider team next week.
Rep: Perfect, I will call you tomorrow to confirm the attendees.
Dana: Sounds good, speak soon.`;

// Wednesday 2026-12-09 15:00 in London.
const reference = new Date('2026-12-09T15:00:00Z');

describe('the extractive summariser', () => {
  it('keeps the three sentences that matter, in the order they were said', async () => {
    const result = await extractiveSummariser.summarise({
      text: transcript,
      language: 'en',
      reference,
      timeZone: 'Europe/London',
    });
    expect(result.summary).toBe(
      "We looked at the proposal and the budget is around £40,000 for the first year. The timeline you mentioned was a launch in March, right? I'll send you the revised quote by Friday.",
    );
    expect(result.provenance).toEqual({ provider: 'builtin', model: 'extractive-v1' });
  });

  it('turns each commitment into a suggested task with its kind and due time', async () => {
    const result = await extractiveSummariser.summarise({
      text: transcript,
      language: 'en',
      reference,
      timeZone: 'Europe/London',
    });
    expect(result.actions.map((a) => [a.taskType, a.dueAt?.toISOString() ?? null])).toEqual([
      ['email', '2026-12-11T09:00:00.000Z'],
      ['followup', '2026-12-14T09:00:00.000Z'],
      ['call', '2026-12-10T09:00:00.000Z'],
    ]);
    expect(result.actions[0]!.text).toBe("I'll send you the revised quote by Friday.");
  });

  it('drops speaker labels and filler when splitting sentences', () => {
    expect(sentences('Rep: Hi.\nDana: Yes we can do that next week. Ok.')).toEqual(['Yes we can do that next week.']);
  });

  it('answers the same summary for the same transcript, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 80 }), { maxLength: 20 }), async (lines) => {
        const text = lines.join('\n');
        const input = { text, language: null, reference, timeZone: 'UTC' };
        const [a, b] = [await extractiveSummariser.summarise(input), await extractiveSummariser.summarise(input)];
        expect(a).toEqual(b);
        expect(a.actions.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 50 },
    );
  });
});

describe('due dates named in a sentence', () => {
  const due = (s: string, zone = 'Europe/London') => dueDateIn(s, reference, zone)?.toISOString() ?? null;
  it('reads the usual phrases in the tenant zone', () => {
    expect(due('I will do it today')).toBe('2026-12-09T17:00:00.000Z');
    expect(due('by end of the week')).toBe('2026-12-11T17:00:00.000Z');
    expect(due('by the end of month')).toBe('2026-12-31T17:00:00.000Z');
    expect(due('on 2027-01-05 we start')).toBe('2027-01-05T09:00:00.000Z');
    expect(due('see you Wednesday')).toBe('2026-12-16T09:00:00.000Z');
    expect(due('tomorrow', 'America/New_York')).toBe('2026-12-10T14:00:00.000Z');
    expect(due('no date here')).toBeNull();
  });
});
