import type { Handler } from '#http/types';
import { closeOpportunity } from '#domains/pipelines/closing';

/** Closes an opportunity as won with a reason, moving it to the pipeline's won stage when it has one. */
export const opportunityWin: Handler<'opportunity.win'> = (input, ctx) => closeOpportunity(ctx, input, 'won');
