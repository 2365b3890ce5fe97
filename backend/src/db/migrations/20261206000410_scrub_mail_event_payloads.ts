import type { Knex } from 'knex';

const PRIVATE_KEYS = ['mailboxId', 'messageId', 'threadKey', 'reason', 'inReplyToMessageId'];

/**
 * `mail.*` events reach every `event.read` holder and webhook: their payloads no longer name the mailbox, its
 * messages or threads, nor quote a reply (`reason`). Events already in the outbox are scrubbed the same way and
 * get the mailbox owner's `userId` instead; an event whose mailbox is gone is dropped (its owner is unknown).
 * Tenant by tenant with `app.tenant_id` set (and every mailbox visible), so an owner without BYPASSRLS can run it.
 */
export async function up(knex: Knex): Promise<void> {
  const tenants = (await knex.raw('SELECT id FROM tenants ORDER BY id')).rows as { id: string }[];
  const strip = PRIVATE_KEYS.map((k) => `- '${k}'`).join(' ');
  for (const { id } of tenants) {
    await knex.raw(`SELECT set_config('app.tenant_id', ?, true), set_config('app.mailbox_scope', 'all', true)`, [id]);
    await knex.raw(
      `
      UPDATE events e SET payload = (e.payload ${strip}) || jsonb_build_object('userId', m.user_id)
        FROM mailbox_accounts m
       WHERE e.tenant_id = ? AND e.name IN ('mail.synced', 'mail.sent', 'mail.replyDetected') AND e.payload->>'mailboxId' IS NOT NULL
         AND m.tenant_id = e.tenant_id AND m.id::text = e.payload->>'mailboxId'`,
      [id],
    );
    await knex.raw(
      `DELETE FROM events WHERE tenant_id = ? AND name IN ('mail.synced', 'mail.sent', 'mail.replyDetected') AND payload->>'mailboxId' IS NOT NULL`,
      [id],
    );
  }
  await knex.raw(`SELECT set_config('app.tenant_id', '', true), set_config('app.mailbox_scope', '', true)`);
}

/** The removed details cannot come back; the new payloads are valid for the old code's readers of the kept keys. */
export async function down(): Promise<void> {}
