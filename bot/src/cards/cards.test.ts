// Snapshots of every card in every state, built from the fixed samples (en-GB, Europe/London, 11 March 2025).
import { describe, expect, it } from 'vitest';
import { asAttachment, CARD_CONTENT_TYPE } from './attachment';
import { helpCard } from './help';
import { ALL_SAMPLE_CARDS } from './sampleCards';
import { SAMPLE_CONTEXT } from './samples';

describe('card snapshots', () => {
  it.each(ALL_SAMPLE_CARDS)('$name', ({ card }) => expect(card).toMatchSnapshot());
});

describe('asAttachment', () => {
  it('wraps a card with the adaptive card content type', () => {
    const card = helpCard(SAMPLE_CONTEXT);
    expect(asAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
    expect(CARD_CONTENT_TYPE).toBe('application/vnd.microsoft.card.adaptive');
  });
});
