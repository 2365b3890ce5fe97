import type { Handler } from '#http/types';
import { ApiError } from '#http/errors';
import { decodeTimeIdCursor, exactTimestampSql } from '#domains/shared/keyset';
import { pageOf } from '#domains/shared/pagination';
import { presentSlaBreach, type SlaBreachRow } from '#domains/sla/presenters';

/**
 * Lists SLA breaches newest first, keyset on (breachedAt desc, id desc), open ones unless `status` says otherwise.
 * Breaches are internal: a client-confined caller is refused rather than shown its clients' share.
 */
export const slaBreachList: Handler<'sla.breach.list'> = async (input, ctx) => {
  if (ctx.principal.clientIds !== null) throw new ApiError('forbidden', 'SLA breaches are internal');
  const { trx } = ctx;
  const query = trx('slaBreaches')
    .where('slaBreaches.tenantId', ctx.principal.tenantId)
    .select('slaBreaches.*', trx.raw(`${exactTimestampSql('sla_breaches.breached_at')} AS cursor_at`))
    .orderBy([
      { column: 'slaBreaches.breachedAt', order: 'desc' },
      { column: 'slaBreaches.id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  if (input.status === 'open') query.whereNull('slaBreaches.clearedAt');
  if (input.status === 'cleared') query.whereNotNull('slaBreaches.clearedAt');
  if (input.ids !== undefined) query.whereIn('slaBreaches.id', input.ids);
  if (input.ownerIds !== undefined) query.whereIn('slaBreaches.ownerId', input.ownerIds);
  if (input.opportunityId !== undefined) query.where('slaBreaches.opportunityId', input.opportunityId);
  if (input.pipelineId !== undefined) query.where('slaBreaches.pipelineId', input.pipelineId);
  if (input.since !== undefined) query.where('slaBreaches.breachedAt', '>=', new Date(input.since));
  if (input.cursor !== undefined) {
    const c = decodeTimeIdCursor(input.cursor);
    query.whereRaw('(sla_breaches.breached_at, sla_breaches.id) < (?::timestamptz, ?::uuid)', [c.at, c.id]);
  }
  const rows = (await query) as SlaBreachRow[];
  return pageOf(rows, input.limit, (r) => [r.cursorAt ?? '', r.id], presentSlaBreach);
};
