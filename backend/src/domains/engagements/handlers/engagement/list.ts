import type { Handler } from '#http/types';
import { decodeTimeIdCursor, exactTimestampSql } from '#domains/shared/keyset';
import { pageOf } from '#domains/shared/pagination';
import { genericPlanStatement } from '#domains/engagements/genericPlan';
import { messageJoinSql, previewSql, subjectSql } from '#domains/engagements/mailContent';
import { presentEngagement, type EngagementRow } from '#domains/engagements/presenters';

/**
 * Lists engagements newest first, keyset on (occurredAt desc, id desc); client roles see only their clients'
 * engagements (RLS) and never email. Bot activity is left out unless `includeBots`. A synced email's subject and
 * preview show only to those who may read its mailbox (see `mailContent`).
 */
export const engagementList: Handler<'engagement.list'> = async (input, ctx) => {
  const { trx } = ctx;
  const query = trx({ e: 'engagements' })
    .joinRaw(messageJoinSql)
    .where('e.tenantId', ctx.principal.tenantId)
    .select(
      'e.*',
      trx.raw(
        `${subjectSql} AS subject, ${previewSql} AS body_preview, ${exactTimestampSql('e.occurred_at')} AS cursor_at`,
      ),
    )
    .orderBy([
      { column: 'e.occurredAt', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  if (input.opportunityId !== undefined) query.where('e.opportunityId', input.opportunityId);
  if (input.accountId !== undefined) query.where('e.accountId', input.accountId);
  if (input.contactId !== undefined) query.where('e.contactId', input.contactId);
  if (input.actorId !== undefined) query.where('e.actorId', input.actorId);
  if (input.types !== undefined && input.types.length > 0) query.whereIn('e.type', input.types);
  if (input.channel !== undefined) query.where('e.channel', input.channel);
  // Half-open [from, to): consecutive windows never count an engagement twice.
  if (input.from !== undefined) query.where('e.occurredAt', '>=', new Date(input.from));
  if (input.to !== undefined) query.where('e.occurredAt', '<', new Date(input.to));
  if (!input.includeBots) query.where('e.isBot', false);
  if (input.cursor !== undefined) {
    const c = decodeTimeIdCursor(input.cursor);
    query.whereRaw('(e.occurred_at, e.id) < (?::timestamptz, ?::uuid)', [c.at, c.id]);
  }
  const name = await genericPlanStatement(trx, 'engagements', query.toSQL().sql);
  const rows = (await query.options({ name })) as EngagementRow[];
  return pageOf(rows, input.limit, (r) => [r.cursorAt ?? '', r.id], presentEngagement);
};
