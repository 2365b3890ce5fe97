import type { Handler } from '../../../http/types';
import { decodeTimeIdCursor, exactTimestampSql } from '../../shared/keyset';
import { pageOf } from '../../shared/pagination';
import { genericPlanStatement } from '../genericPlan';
import { presentEngagement, type EngagementRow } from '../presenters';

/**
 * Lists engagements newest first, keyset on (occurredAt desc, id desc); client roles see only their clients'
 * engagements (RLS). Bot activity is left out unless `includeBots`.
 */
export const listEngagements: Handler<'engagement.list'> = async (input, ctx) => {
  const { trx } = ctx;
  const query = trx('engagements')
    .where({ tenantId: ctx.principal.tenantId })
    .select('*', trx.raw(`${exactTimestampSql('occurred_at')} AS cursor_at`))
    .orderBy([{ column: 'occurredAt', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(input.limit + 1);
  if (input.opportunityId !== undefined) query.where('opportunityId', input.opportunityId);
  if (input.accountId !== undefined) query.where('accountId', input.accountId);
  if (input.contactId !== undefined) query.where('contactId', input.contactId);
  if (input.actorId !== undefined) query.where('actorId', input.actorId);
  if (input.types !== undefined && input.types.length > 0) query.whereIn('type', input.types);
  if (input.channel !== undefined) query.where('channel', input.channel);
  // Half-open [from, to): consecutive windows never count an engagement twice.
  if (input.from !== undefined) query.where('occurredAt', '>=', new Date(input.from));
  if (input.to !== undefined) query.where('occurredAt', '<', new Date(input.to));
  if (!input.includeBots) query.where('isBot', false);
  if (input.cursor !== undefined) {
    const c = decodeTimeIdCursor(input.cursor);
    query.whereRaw('(occurred_at, id) < (?::timestamptz, ?::uuid)', [c.at, c.id]);
  }
  const name = await genericPlanStatement(trx, 'engagements', query.toSQL().sql);
  const rows = (await query.options({ name })) as EngagementRow[];
  return pageOf(rows, input.limit, (r) => [r.cursorAt ?? null, r.id], presentEngagement);
};
