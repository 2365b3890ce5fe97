import type { Handler, OpContext } from '#http/types';
import { ApiError, notFound } from '#http/errors';
import { queueExtraReminder } from '#domains/sla/reminders';
import { presentSlaBreach, type SlaBreachRow } from '#domains/sla/presenters';

/** True when `managerId` is above `userId` in the reporting line (depth-capped). */
async function manages(ctx: OpContext, managerId: string, userId: string): Promise<boolean> {
  const { rows } = (await ctx.trx.raw(
    `WITH RECURSIVE up AS (
       SELECT manager_id, 1 AS depth FROM users WHERE tenant_id = ? AND id = ?
       UNION ALL
       SELECT u.manager_id, up.depth + 1 FROM users u JOIN up ON u.tenant_id = ? AND u.id = up.manager_id
        WHERE up.depth < 50)
     SELECT 1 FROM up WHERE manager_id = ? LIMIT 1`,
    [ctx.principal.tenantId, userId, ctx.principal.tenantId, managerId],
  )) as { rows: unknown[] };
  return rows.length > 0;
}

/**
 * Queues a fresh reminder card of an open breach for the deal's owner (a manager's "Remind owner"): the caller must
 * be the owner's manager (directly or further up) or hold `ownership.override`. Each call is one more card (its own
 * reason key), at once.
 */
export const slaBreachRemind: Handler<'sla.breach.remind'> = async (input, ctx) => {
  const { trx, now } = ctx;
  const { tenantId, userId } = ctx.principal;
  const row = (await trx('slaBreaches').where({ tenantId, id: input.id }).forUpdate().first()) as
    SlaBreachRow | undefined;
  if (!row) throw notFound('SLA breach');
  const allowed = ctx.can('ownership.override') || (userId !== null && (await manages(ctx, userId, row.ownerId)));
  if (!allowed) throw new ApiError('forbidden', "Only the owner's manager may remind them of this breach");
  if (row.clearedAt !== null) throw new ApiError('invalid_state', 'The SLA breach is cleared: nothing to remind of');
  await queueExtraReminder(trx, tenantId, row, 'remind', { remindedBy: userId }, now, now);
  const breach = presentSlaBreach(row);
  await ctx.audit({ targetType: 'sla_breach', targetId: row.id, after: { reminded: row.ownerId } });
  return breach;
};
