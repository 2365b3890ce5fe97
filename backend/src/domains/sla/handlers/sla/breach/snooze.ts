import type { Handler } from '#http/types';
import { ApiError, notFound } from '#http/errors';
import { queueExtraReminder } from '#domains/sla/reminders';
import { assertOwnerOrManager } from '#domains/shared/records';
import { presentSlaBreach, type SlaBreachRow } from '#domains/sla/presenters';

const H = 3_600_000;

/**
 * Snoozes an open breach (its owner, or a holder of `ownership.override`): the SLA task falls due `hours` later, an
 * escalation not yet sent waits at least as long, and a fresh reminder card is queued for then. The breach row is
 * locked first, so concurrent snoozes of one breach count their reminders one after the other.
 */
export const slaBreachSnooze: Handler<'sla.breach.snooze'> = async (input, ctx) => {
  const { trx, now } = ctx;
  const { tenantId } = ctx.principal;
  const row = (await trx('slaBreaches').where({ tenantId, id: input.id }).forUpdate().first()) as
    SlaBreachRow | undefined;
  if (!row) throw notFound('SLA breach');
  assertOwnerOrManager(ctx, row.ownerId, 'SLA breach');
  if (row.clearedAt !== null) throw new ApiError('invalid_state', 'The SLA breach is cleared: nothing to snooze');
  const until = new Date(now.getTime() + input.hours * H);

  if (row.taskId !== null)
    await trx('tasks')
      .where({ tenantId, id: row.taskId })
      .whereNot('status', 'completed')
      .update({ dueAt: until, version: trx.raw('version + 1'), updatedAt: now });
  const [updated] = (await trx('slaBreaches')
    .where({ tenantId, id: row.id })
    .update({
      // Once escalated, the manager already knows: the escalation time stays as it was.
      escalateAt: row.escalatedAt === null ? trx.raw('greatest(escalate_at, ?::timestamptz)', [until]) : row.escalateAt,
      updatedAt: now,
    })
    .returning('*')) as SlaBreachRow[];

  await queueExtraReminder(trx, tenantId, row, 'snooze', { snoozed: true }, until, now);

  const before = presentSlaBreach(row);
  const after = presentSlaBreach(updated!);
  await ctx.audit({ targetType: 'sla_breach', targetId: row.id, before, after });
  return after;
};
