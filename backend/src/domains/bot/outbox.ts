import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';

/** What the bot sends on its own: an SLA reminder to the owner, its escalation to the manager, a prompt, a digest. */
export type NotificationKind = 'sla_reminder' | 'sla_escalation' | 'nba_prompt' | 'digest';

/** One proactive card to send: to whom, why (the key that makes it once), what it is built from, not before when. */
export type Notification = {
  userId: string;
  reasonKey: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  notBefore: Date;
};

const CHUNK = 2_000;

/**
 * Queues proactive cards in the caller's transaction, so a card is queued exactly when the change that causes it
 * commits. A (user, reason) already queued is left alone: the same reason never sends twice. Returns how many
 * were new.
 */
export async function enqueueNotifications(
  trx: Knex.Transaction,
  tenantId: string,
  notifications: readonly Notification[],
  now: Date,
): Promise<number> {
  if (notifications.length === 0) return 0;
  // A parameter list per statement stays well under Postgres' 65,535 (9 per row).
  if (notifications.length > CHUNK) {
    let added = 0;
    for (let i = 0; i < notifications.length; i += CHUNK)
      added += await enqueueNotifications(trx, tenantId, notifications.slice(i, i + CHUNK), now);
    return added;
  }
  const rows = (await trx('botNotifications')
    .insert(
      notifications.map((n) => ({
        tenantId,
        id: uuidv7(),
        userId: n.userId,
        reasonKey: n.reasonKey,
        kind: n.kind,
        payload: JSON.stringify(n.payload),
        notBefore: n.notBefore,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflict(['tenantId', 'userId', 'reasonKey'])
    .ignore()
    .returning('id')) as { id: string }[];
  return rows.length;
}
