import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { notFound } from '#http/errors';
import { seal } from '#security/sealing';

/** An e-mail address with an optional display name. */
export type MailAddress = { address: string; name?: string | null };

/** One message to send from a connected mailbox; the sender worker sends it through Graph exactly once. */
export type OutboundMail = {
  tenantId: string;
  mailboxId: string; // sender mailbox (mailbox_accounts.id)
  sendKey: string; // deterministic; unique per tenant; enqueueing the same key again is a no-op returning the existing row
  to: MailAddress[];
  cc?: MailAddress[];
  bcc?: MailAddress[];
  subject: string;
  bodyHtml: string;
  headers?: Record<string, string>; // x- headers ride in Graph's JSON; any other (List-Unsubscribe, List-Unsubscribe-Post) sends the message in MIME format
  attachments?: { name: string; contentType: string; contentBase64: string }[];
  sendAt?: Date | null;
  replyToMessageId?: string | null; // message_index.id being answered (thread reply)
  origin: 'manual' | 'sequence';
  enrollmentId?: string | null;
  contactIds: string[];
  opportunityId?: string | null;
  createdBy?: string | null;
};

/** Less common send options (manual sends): reply to all, read receipt, a send-as alias, tracking. */
export type OutboundOptions = {
  replyAll?: boolean;
  readReceipt?: boolean;
  fromAlias?: string | null;
  tracking?: { opens: boolean; clicks: boolean };
};

/** The sealed part of an outbox row: what a database reader must not see in clear. */
export type OutboundContent = Pick<OutboundMail, 'bodyHtml'> & {
  headers: Record<string, string>;
  attachments: NonNullable<OutboundMail['attachments']>;
};

/** The channel the sender worker listens on: a committed enqueue queues its send job at once. */
export const MAIL_SEND_CHANNEL = 'pivotal_mail_send';

/** What the NOTIFY on {@link MAIL_SEND_CHANNEL} carries. */
export type SendNotice = { tenantId: string; outboxId: string; mailboxId: string; runAt: string | null };

/**
 * Puts a message in the outbox in the caller's tenant-scoped transaction (committed with the caller's other
 * writes) and asks the sender worker to send it at `sendAt` (or now). The same `sendKey` again answers the
 * existing row with `created: false` and writes nothing. Throws 404 when the mailbox is not visible.
 */
export async function enqueueOutboundMail(
  trx: Knex.Transaction,
  mail: OutboundMail,
  options: OutboundOptions = {},
): Promise<{ id: string; status: string; created: boolean }> {
  const { tenantId } = mail;
  const content: OutboundContent = {
    bodyHtml: mail.bodyHtml,
    headers: mail.headers ?? {},
    attachments: mail.attachments ?? [],
  };
  const recipients = (list: MailAddress[] | undefined) =>
    JSON.stringify((list ?? []).map((r) => ({ address: r.address, name: r.name ?? null })));
  // One statement: the mailbox's owner comes from the (RLS-visible) mailbox row; no row when it is not visible. The
  // notice to the sender worker rides in the same round trip and is only sent when a row was inserted.
  const id = uuidv7();
  const notice: SendNotice = {
    tenantId,
    outboxId: id,
    mailboxId: mail.mailboxId,
    runAt: mail.sendAt ? mail.sendAt.toISOString() : null,
  };
  const inserted = (await trx.raw(
    `WITH inserted AS (
       INSERT INTO mail_outbox (tenant_id, id, mailbox_id, user_id, send_key, origin, to_recipients, cc_recipients, bcc_recipients,
         subject, content_sealed, options, send_at, reply_to_message_id, enrollment_id, contact_ids, opportunity_id, created_by)
       SELECT m.tenant_id, ?, m.id, m.user_id, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::timestamptz, ?::uuid, ?::uuid, ?::uuid[], ?::uuid, ?::uuid
         FROM mailbox_accounts m WHERE m.tenant_id = ? AND m.id = ?
       ON CONFLICT (tenant_id, send_key) DO NOTHING
       RETURNING id, status)
     SELECT id, status, pg_notify(?, ?) FROM inserted`,
    [
      id,
      mail.sendKey,
      mail.origin,
      recipients(mail.to),
      recipients(mail.cc),
      recipients(mail.bcc),
      mail.subject,
      await seal(trx, tenantId, JSON.stringify(content)),
      JSON.stringify(options),
      mail.sendAt ?? null,
      mail.replyToMessageId ?? null,
      mail.enrollmentId ?? null,
      mail.contactIds,
      mail.opportunityId ?? null,
      mail.createdBy ?? null,
      tenantId,
      mail.mailboxId,
      MAIL_SEND_CHANNEL,
      JSON.stringify(notice),
    ],
  )) as { rows: { id: string; status: string }[] };
  const row = inserted.rows[0];
  if (!row) {
    // The key is taken (an earlier or concurrent enqueue): answer that row, write nothing. Else the mailbox is not visible.
    const existing = (await trx('mailOutbox').where({ tenantId, sendKey: mail.sendKey }).first('id', 'status')) as
      { id: string; status: string } | undefined;
    if (!existing) throw notFound('Mailbox');
    return { ...existing, created: false };
  }
  return { id: row.id, status: row.status, created: true };
}
