import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import { presentSequence } from '#domains/sequences/presenters';
import type { SequenceRow } from '#domains/sequences/rows';

/** Gets one sequence with its steps (a client-confined caller sees only its clients' sequences). */
export const sequenceGet: Handler<'sequence.get'> = async (input, ctx) => {
  const row = (await ctx.trx('sequences').where({ tenantId: ctx.principal.tenantId, id: input.id }).first()) as
    SequenceRow | undefined;
  if (!row || !canSeeClient(ctx, row.clientId)) throw notFound('Sequence');
  return presentSequence(row);
};
