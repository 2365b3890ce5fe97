import type { Handler } from '#http/types';
import { presentScoreConfig, scoreConfigRow } from '#domains/scoring/config';

/** The tenant's scoring settings: what `score.config.update` saved, else the defaults (version 1). */
export const scoreConfigGet: Handler<'score.config.get'> = async (_input, ctx) =>
  presentScoreConfig(await scoreConfigRow(ctx.trx, ctx.principal.tenantId), ctx.principal.tenantId, ctx.now);
