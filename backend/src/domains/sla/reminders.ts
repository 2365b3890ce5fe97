import type { Knex } from 'knex';
import { enqueueNotifications } from '#domains/bot/outbox';

/**
 * Queues one more reminder card of a breach for its owner (a snooze's, a manager's "Remind owner"): its reason key
 * `sla:<breach>:<why>:<n>` counts the earlier ones of that kind, so each call is one new card. The caller holds the
 * breach row's lock, so concurrent calls count one after the other.
 */
export async function queueExtraReminder(
  trx: Knex.Transaction,
  tenantId: string,
  breach: { id: string; ownerId: string },
  why: 'snooze' | 'remind',
  payload: Record<string, unknown>,
  notBefore: Date,
  now: Date,
): Promise<void> {
  const prefix = `sla:${breach.id}:${why}:`;
  const [earlier] = (await trx('botNotifications')
    .where({ tenantId, userId: breach.ownerId })
    .whereLike('reasonKey', `${prefix}%`)
    .count<{ n: number }[]>('* as n')) as { n: number | string }[];
  await enqueueNotifications(
    trx,
    tenantId,
    [
      {
        userId: breach.ownerId,
        reasonKey: `${prefix}${Number(earlier?.n ?? 0) + 1}`,
        kind: 'sla_reminder',
        payload: { breachId: breach.id, ...payload },
        notBefore,
      },
    ],
    now,
  );
}
