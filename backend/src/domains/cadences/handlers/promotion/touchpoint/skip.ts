import type { Handler } from '../../../../../http/types';
import { setTouchpointStatus } from '../../../promotions/status';

/** Marks one lead skipped at one touchpoint; all skipped restores a snapped lead exactly, see `resolveSnap`. */
export const skip: Handler<'promotion.touchpoint.skip'> = (input, ctx) => setTouchpointStatus(ctx, input, 'skipped');
