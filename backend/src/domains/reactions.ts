import type { DeclaredReaction } from '#domains/events/reaction';
import { scoringReactions } from '#domains/scoring/reactions';
import { sequencesReactions } from '#domains/sequences/reactions';

/**
 * Every domain's reactions to other domains' events (each declared in the domain's own `reactions.ts`), in the
 * order the event writer runs them for one event. A domain that reacts to another's events is listed here, and
 * nowhere imports the emitting domain (nor does the emitter import it).
 */
export const reactions: readonly DeclaredReaction[] = [...sequencesReactions, ...scoringReactions];
