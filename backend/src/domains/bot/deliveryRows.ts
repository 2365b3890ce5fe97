import type { ConversationReference } from '@pivotal-pm/bot';
import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';

/** A claimed row older than this is a worker that died mid-send: another worker takes it again. */
export const SEND_LEASE_MS = 120_000;
/** Rows claimed at once (several chats' worth, served side by side). */
const BATCH = 200;

/** A claimed card: to whom, why, what it is built from, and its attempts so far. */
export type Row = {
  id: string;
  userId: string;
  reasonKey: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
};
/** Who a card goes to: their chat, time zone, preferences and today's reminder count. */
export type Recipient = {
  reference: ConversationReference | null;
  timeZone: string;
  digest: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  slaReminders: boolean | null;
  nbaPrompts: boolean | null;
  /** SLA reminder cards sent to the user in the last 24 hours (counted up as this run sends more). */
  remindersToday: number;
};

/** Claims due rows (SKIP LOCKED, so concurrent workers split them) in a committed transaction before any send. */
export async function claim(knex: Knex, tenantId: string, now: Date): Promise<Row[]> {
  return withTenant(knex, systemScope(tenantId), async (trx) => {
    const { rows } = (await trx.raw(
      `UPDATE bot_notifications n SET status = 'sending', claimed_at = :now, attempts = n.attempts + 1, updated_at = :now
         FROM (SELECT id FROM bot_notifications
                WHERE tenant_id = :t AND ((status = 'pending' AND not_before <= :now)
                   OR (status = 'sending' AND claimed_at < CAST(:now AS timestamptz) - :lease * interval '1 millisecond'))
                ORDER BY not_before LIMIT :batch FOR UPDATE SKIP LOCKED) c
        WHERE n.tenant_id = :t AND n.id = c.id
        RETURNING n.id, n.user_id AS "userId", n.reason_key AS "reasonKey", n.kind, n.payload, n.attempts,
                  n.created_at AS "createdAt"`,
      { now, t: tenantId, lease: SEND_LEASE_MS, batch: BATCH },
    )) as { rows: Row[] };
    return rows;
  });
}

/** The recipients of claimed cards, with their chats and preferences. */
export async function recipients(
  knex: Knex,
  tenantId: string,
  userIds: string[],
  now: Date,
): Promise<Map<string, Recipient>> {
  const rows = (await withTenant(knex, systemScope(tenantId), (trx) =>
    trx('users as u')
      .leftJoin('botConversations as c', (j) => j.on('c.tenantId', 'u.tenantId').andOn('c.userId', 'u.id'))
      .leftJoin('botPreferences as p', (j) => j.on('p.tenantId', 'u.tenantId').andOn('p.userId', 'u.id'))
      .where('u.tenantId', tenantId)
      .whereIn('u.id', userIds)
      .select(
        'u.id',
        'c.reference',
        'u.timeZone',
        'p.digest',
        trx.raw(`to_char(p.quiet_start, 'HH24:MI') AS "quietStart"`),
        trx.raw(`to_char(p.quiet_end, 'HH24:MI') AS "quietEnd"`),
        'p.slaReminders',
        'p.nbaPrompts',
        trx.raw(
          `(SELECT count(*)::int FROM bot_notifications s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id
             AND s.kind = 'sla_reminder' AND s.status = 'sent' AND s.sent_at > ?::timestamptz - interval '24 hours')
           AS "remindersToday"`,
          [now],
        ),
      ),
  )) as (Recipient & { id: string })[];
  return new Map(rows.map((r) => [r.id, r]));
}
