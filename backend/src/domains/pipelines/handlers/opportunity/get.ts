import type { Handler } from '#http/types';
import { findOpportunity } from '#domains/pipelines/opportunities';
import { presentOpportunity } from '#domains/pipelines/presenters';

/** Gets one opportunity (client roles see only their clients' ones; internal ones are invisible to them). */
export const opportunityGet: Handler<'opportunity.get'> = async (input, ctx) =>
  presentOpportunity(await findOpportunity(ctx, input.id));
