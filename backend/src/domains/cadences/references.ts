import type { OpContext } from '#http/types';
import { invalidReference } from '#http/errors';

type Table = 'contacts' | 'accounts' | 'opportunities';

/**
 * Throws 422 on `field` unless the record exists in the tenant, is visible to the caller and is shared or of the
 * lead's client; answers the record's display fields.
 */
export async function assertLeadRecord(
  ctx: OpContext,
  table: Table,
  id: string,
  clientId: string | null,
  field: string,
): Promise<Record<string, unknown>> {
  const columns = table === 'contacts' ? ['clientId', 'firstName', 'lastName', 'accountId'] : ['clientId', 'name'];
  const query = ctx.trx(table).where({ tenantId: ctx.principal.tenantId, id });
  if (table === 'contacts') query.whereNull('mergedIntoId');
  const row = (await query.first(columns)) as ({ clientId: string | null } & Record<string, unknown>) | undefined;
  const scope = ctx.principal.clientIds;
  const visible = row && (scope === null || (row.clientId !== null && scope.includes(row.clientId)));
  if (!row || !visible) throw invalidReference(field, `${table.slice(0, -1)} ${id} does not exist in this tenant`);
  if (row.clientId !== null && row.clientId !== clientId)
    throw invalidReference(field, `${id} belongs to another client than the pipeline`);
  return row;
}
