import type { Handler } from '#http/types';
import { setTouchpointStatus } from '#domains/cadences/promotions/status';

/** Marks one lead done at one touchpoint; a snapped lead advances once all its touchpoints are resolved. */
export const promotionTouchpointComplete: Handler<'promotion.touchpoint.complete'> = (input, ctx) =>
  setTouchpointStatus(ctx, input, 'done');
