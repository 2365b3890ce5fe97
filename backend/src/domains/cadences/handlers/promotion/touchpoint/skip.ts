import type { Handler } from '#http/types';
import { setTouchpointStatus } from '#domains/cadences/promotions/status';

/** Marks one lead skipped at one touchpoint; a snapped lead advances once all its touchpoints are resolved (`resolveSnap`). */
export const promotionTouchpointSkip: Handler<'promotion.touchpoint.skip'> = (input, ctx) =>
  setTouchpointStatus(ctx, input, 'skipped');
