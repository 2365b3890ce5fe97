import { notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { canSeeClient, loadForUpdate } from '#domains/shared/records';
import type { EnrollmentRow } from './rows';

/** Loads an enrollment for update (404 when invisible: another tenant, or a client-confined caller outside its sequence's client). */
export async function loadEnrollmentForUpdate(
  ctx: OpContext,
  id: string,
  expectedVersion?: number,
): Promise<EnrollmentRow> {
  const row = await loadForUpdate<EnrollmentRow>(
    ctx.trx,
    'sequenceEnrollments',
    ctx.principal.tenantId,
    id,
    'Enrollment',
    expectedVersion,
  );
  const seq = (await ctx.trx('sequences').where({ tenantId: row.tenantId, id: row.sequenceId }).first('clientId')) as {
    clientId: string | null;
  };
  if (!canSeeClient(ctx, seq.clientId)) throw notFound('Enrollment');
  return row;
}
