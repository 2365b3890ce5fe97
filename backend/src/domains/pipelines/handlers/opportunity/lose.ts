import type { Handler } from '#http/types';
import { closeOpportunity } from '#domains/pipelines/closing';

/** Closes an opportunity as lost with a reason, moving it to the pipeline's lost stage when it has one. */
export const opportunityLose: Handler<'opportunity.lose'> = (input, ctx) => closeOpportunity(ctx, input, 'lost');
