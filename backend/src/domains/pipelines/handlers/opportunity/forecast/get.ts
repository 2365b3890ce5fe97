import type { Handler } from '#http/types';
import { computeForecast, resolveScope } from '#domains/pipelines/forecast';

/** Forecasts the open opportunities of a scope in one currency: totals and rollups by stage, owner, client and project. */
export const opportunityForecastGet: Handler<'opportunity.forecast.get'> = async (input, ctx) =>
  computeForecast(ctx, await resolveScope(ctx, input));
