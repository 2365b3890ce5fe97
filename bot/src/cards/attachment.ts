// Adaptive cards travel in a Bot Framework activity as attachments of this content type.
import type { AdaptiveCard } from './schema';

/** The attachment content type of an adaptive card. */
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** An activity attachment holding an adaptive card. */
export type CardAttachment = { contentType: typeof CARD_CONTENT_TYPE; content: AdaptiveCard };

/** Wraps a card as an activity attachment. */
export function asAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}
