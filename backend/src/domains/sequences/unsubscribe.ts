import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import type { Emit } from '#domains/events/reaction';
import { stopEnrollments } from './lifecycle';
import type { EnrollmentRow } from './rows';

/**
 * Unsubscribes a contact everywhere: opts it out, suppresses its address (reason `unsubscribed`) and stops every
 * live enrollment of it with reason `unsubscribed`. Idempotent.
 */
export async function unsubscribeContact(
  trx: Knex.Transaction,
  tenantId: string,
  contactId: string,
  now: Date,
  emit: Emit,
  createdBy: string | null,
): Promise<EnrollmentRow[]> {
  const [contact] = (await trx('contacts')
    .where({ tenantId, id: contactId })
    .update({ optedOut: true, optOutAt: trx.raw('coalesce(opt_out_at, ?)', [now]), updatedAt: now })
    .returning(['id', 'email'])) as { id: string; email: string | null }[];
  if (contact?.email) {
    await trx.raw(
      `INSERT INTO suppressions (tenant_id, id, kind, value, reason, contact_id, created_by, created_at, updated_at)
       VALUES (?, ?, 'email', ?, 'unsubscribed', ?, ?, ?, ?) ON CONFLICT (tenant_id, kind, value) DO NOTHING`,
      [tenantId, uuidv7(), contact.email.toLowerCase(), contactId, createdBy, now, now],
    );
  }
  return stopEnrollments(trx, tenantId, (q) => q.where({ contactId }), 'unsubscribed', now, emit);
}
