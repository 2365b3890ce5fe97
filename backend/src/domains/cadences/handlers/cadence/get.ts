import type { Handler } from '#http/types';
import { loadCadence } from '#domains/cadences/cadence';
import { presentCadence } from '#domains/cadences/presenters';

/** Gets a pipeline's lead cadence, or the defaults when none is saved. */
export const cadenceGet: Handler<'cadence.get'> = async (input, ctx) =>
  presentCadence(await loadCadence(ctx.trx, ctx.principal.tenantId, input.pipelineId));
