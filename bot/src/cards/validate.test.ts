// Every card parses cleanly with the official `adaptivecards` object model (it runs in Node without a DOM).
import { AdaptiveCard as AcCard, SerializationContext } from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { ALL_SAMPLE_CARDS } from './sampleCards';

function problems(json: unknown): string[] {
  const card = new AcCard();
  const context = new SerializationContext();
  card.parse(json, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  const validation = card.validateProperties().validationEvents.map((e) => e.message);
  return [...parseEvents, ...validation];
}

describe('the adaptivecards parser', () => {
  it('reports problems with a bad card (the check works)', () => {
    expect(problems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }] })).not.toEqual([]);
  });

  it.each(ALL_SAMPLE_CARDS)('parses $name without validation events', ({ card }) => {
    expect(problems(card)).toEqual([]);
  });

  it.each(ALL_SAMPLE_CARDS)('keeps every element, action and verb of $name when it re-serialises it', ({ card }) => {
    const parsed = new AcCard();
    parsed.parse(card, new SerializationContext());
    // Anything the object model did not recognise would be missing from its own serialisation.
    const found = (json: unknown) =>
      JSON.stringify(json)
        .match(/"(type|verb)":"[^"]+"/g)
        ?.sort() ?? [];
    expect(found(parsed.toJSON())).toEqual(found(card));
  });
});
