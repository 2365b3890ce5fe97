import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { canSeeClient } from '#domains/shared/records';
import {
  audienceColumns,
  audienceQuery,
  presentMember,
  readAudience,
  type AudienceRow,
} from '#domains/sequences/audience';
import type { SequenceRow } from '#domains/sequences/rows';

/**
 * The contacts an audience selects, by contact id: the given audience (while editing), else the saved sequence's.
 * A sequence's client confines it to that client's contacts; RLS confines it to the caller's client scope.
 */
export const sequenceAudiencePreview: Handler<'sequence.audience.preview'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  let clientId: string | null = null;
  let audience = input.audience;
  if (input.sequenceId) {
    const seq = (await ctx.trx('sequences').where({ tenantId, id: input.sequenceId }).first('audience', 'clientId')) as
      Pick<SequenceRow, 'audience' | 'clientId'> | undefined;
    if (!seq || !canSeeClient(ctx, seq.clientId)) throw notFound('Sequence');
    clientId = seq.clientId;
    audience ??= readAudience(seq.audience);
  }
  const query = audienceQuery(ctx.trx, tenantId, audience!, clientId).select(audienceColumns);
  applyKeyset(query, { 'c.id': 'uuid' }, input.cursor);
  const rows = (await query.limit(input.limit + 1)) as AudienceRow[];
  return pageOf(rows, input.limit, (r) => [r.contactId], presentMember);
};
