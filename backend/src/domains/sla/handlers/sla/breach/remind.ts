import type { Handler } from '#http/types';
import { isAbove } from '#domains/directory/reportingLine';
import { ApiError, notFound } from '#http/errors';
import { queueExtraReminder } from '#domains/sla/reminders';
import { presentSlaBreach, type SlaBreachRow } from '#domains/sla/presenters';

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
  const allowed =
    ctx.can('ownership.override') || (userId !== null && (await isAbove(trx, tenantId, userId, row.ownerId)));
  if (!allowed) throw new ApiError('forbidden', "Only the owner's manager may remind them of this breach");
  if (row.clearedAt !== null) throw new ApiError('invalid_state', 'The SLA breach is cleared: nothing to remind of');
  await queueExtraReminder(trx, tenantId, row, 'remind', { remindedBy: userId }, now, now);
  const breach = presentSlaBreach(row);
  await ctx.audit({ targetType: 'sla_breach', targetId: row.id, after: { reminded: row.ownerId } });
  return breach;
};
