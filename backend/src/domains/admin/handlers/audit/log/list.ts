import type { Handler } from '#http/types';
import { decodeTimeIdCursor, exactTimestampSql } from '#domains/shared/keyset';
import { pageOf } from '#domains/shared/pagination';
import { presentAuditEntry, type AuditRow } from '#domains/admin/presenters';
import { assertTenantWide } from '#domains/admin/tenantSettings';

/** Lists the audit log newest first, keyset on (at desc, id desc), with redacted before/after. */
export const auditLogList: Handler<'audit.log.list'> = async (input, ctx) => {
  assertTenantWide(ctx);
  const { trx } = ctx;
  const query = trx('auditLog')
    .where({ tenantId: ctx.principal.tenantId })
    .select('*', trx.raw(`${exactTimestampSql('at')} AS cursor_at`))
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  if (input.actor !== undefined) query.where('actor', input.actor);
  if (input.operation !== undefined) query.where('operation', input.operation);
  if (input.targetType !== undefined) query.where('targetType', input.targetType);
  if (input.targetId !== undefined) query.where('targetId', input.targetId);
  // Half-open [from, to), like every time filter of the API.
  if (input.from !== undefined) query.where('at', '>=', new Date(input.from));
  if (input.to !== undefined) query.where('at', '<', new Date(input.to));
  if (input.cursor !== undefined) {
    const c = decodeTimeIdCursor(input.cursor);
    query.whereRaw('(at, id) < (?::timestamptz, ?::uuid)', [c.at, c.id]);
  }
  const rows = (await query) as AuditRow[];
  return pageOf(rows, input.limit, (r) => [r.cursorAt, r.id], presentAuditEntry);
};
