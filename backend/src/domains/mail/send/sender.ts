import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import {
  type DraftInput,
  type GraphMailAdapter,
  type GraphMessage,
  GraphRequestError,
  SYNC_SELECT,
} from '#integrations/graph/adapter/index';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { openText } from '#security/sealing';
import type { MailAddress, OutboundContent, OutboundOptions } from '../outbox';
import { composeMime, needsMime } from './mime';
import { applyPage } from '../sync/indexWriter';
import { mailUuid, type SyncMailbox, toIndexRow } from '../sync/messageRows';
import { loadSyncMailbox } from '../sync/syncMailbox';
import { emitMailEvent } from '../sync/syncEvents';
import { tableColumns } from '#db/tableColumns';

/** The internet header every draft carries: the outbox row's deterministic send key. */
export const SEND_KEY_HEADER = 'x-pivotal-send-key';

/** What the sender needs: the owner-connection knex (tenant scope set per transaction) and the Graph adapter. */
export type SenderDeps = {
  knex: Knex;
  adapter: GraphMailAdapter;
  now?: () => Date;
  /** How long a send that Graph may have accepted is awaited (its sent copy not visible yet) before giving up. */
  unconfirmedAfterMs?: number;
};

/** What one run did: sent (now or by an earlier run), not due yet, waiting for Graph, or nothing to do. */
export type SendOutcome =
  | { kind: 'sent'; messageId: string; alreadySent: boolean }
  | { kind: 'not_due'; runAt: Date }
  | { kind: 'skipped'; status: string };

/** A run that must be retried later (Graph has not shown the sent copy yet); not a failure of the message. */
export class SendPendingError extends Error {
  override name = 'SendPendingError';
}

export type OutboxRow = {
  id: string;
  tenantId: string;
  mailboxId: string;
  sendKey: string;
  status: string;
  origin: string;
  toRecipients: MailAddress[];
  ccRecipients: MailAddress[];
  bccRecipients: MailAddress[];
  subject: string;
  contentSealed: Buffer | null;
  options: OutboundOptions;
  sendAt: Date | null;
  replyToMessageId: string | null;
  enrollmentId: string | null;
  contactIds: string[];
  opportunityId: string | null;
  draftId: string | null;
  sendRequestedAt: Date | null;
  attempts: number;
};
/** The columns of `OutboxRow` (`mail_outbox`). */
export const mailOutboxColumns = tableColumns<OutboxRow>()(
  'mail_outbox',
  [
    'id',
    'tenantId',
    'mailboxId',
    'sendKey',
    'status',
    'origin',
    'toRecipients',
    'ccRecipients',
    'bccRecipients',
    'subject',
    'contentSealed',
    'options',
    'sendAt',
    'replyToMessageId',
    'enrollmentId',
    'contactIds',
    'opportunityId',
    'draftId',
    'sendRequestedAt',
    'attempts',
  ],
  false,
);

/** The look-up by send key reads what the index needs, so recording the sent copy costs no further Graph call. */
const LOOKUP_SELECT = [...SYNC_SELECT, 'internetMessageHeaders'] as const;

const recipients = (list: MailAddress[]) =>
  list.map((r) => ({ emailAddress: { address: r.address, ...(r.name ? { name: r.name } : {}) } }));

/**
 * Sends one outbox row through Graph by draft + send, exactly once. The draft carries the row's send key as an
 * `x-pivotal-send-key` header; every run first looks the key up in the mailbox (drafts and sent items), so a
 * retry after a timeout, a crash or a lost answer finds what the earlier run did instead of making a second
 * message: a sent copy is only recorded, a leftover draft is sent (Graph sends a draft at most once), and once
 * `/send` was called no new draft is ever made. Records the sent message in the index and emits `mail.sent`.
 */
export async function sendOutboxMail(deps: SenderDeps, tenantId: string, outboxId: string): Promise<SendOutcome> {
  const now = deps.now ?? (() => new Date());
  const claimed = await withTenant(deps.knex, systemScope(tenantId, 'all'), async (trx) => {
    const found = (await trx('mailOutbox').where({ tenantId, id: outboxId }).forUpdate().first()) as
      (OutboxRow & { leaseUntil: Date | null }) | undefined;
    if (!found) return { skip: { kind: 'skipped', status: 'missing' } as SendOutcome };
    if (found.status !== 'queued' && found.status !== 'sending')
      return { skip: { kind: 'skipped', status: found.status } as SendOutcome };
    if (found.sendAt && found.sendAt.getTime() > now().getTime() + 1_000)
      return { skip: { kind: 'not_due', runAt: found.sendAt } as SendOutcome };
    // One run at a time per row, whatever queued it: a live lease means another run is talking to Graph.
    if (found.leaseUntil && found.leaseUntil.getTime() > now().getTime())
      throw new SendPendingError('another run is sending this message');
    await trx('mailOutbox')
      .where({ tenantId, id: outboxId })
      .update({
        status: 'sending',
        attempts: found.attempts + 1,
        leaseUntil: new Date(now().getTime() + LEASE_MS),
        updatedAt: now(),
      });
    return { row: found };
  });
  if ('skip' in claimed) return claimed.skip!;
  try {
    return await sendClaimed(deps, claimed.row, now);
  } finally {
    await withTenant(deps.knex, systemScope(tenantId, 'all'), (trx) =>
      trx('mailOutbox').where({ tenantId, id: outboxId }).update({ leaseUntil: null }),
    ).catch(() => undefined);
  }
}

/** How long a run may hold a row (Graph calls are retried inside; a crashed run's hold ends with it). */
const LEASE_MS = 2 * 60_000;

async function sendClaimed(deps: SenderDeps, row: OutboxRow, now: () => Date): Promise<SendOutcome> {
  const { tenantId } = row;
  const loaded = await loadSyncMailbox(deps.knex, tenantId, row.mailboxId);
  if (!loaded) return { kind: 'skipped', status: 'mailbox_gone' };
  const mailbox = loaded.mailbox;
  const ref: MailboxRef = { tenantId, mailboxId: mailbox.mailboxId, address: mailbox.address };

  const earlier = await deps.adapter.findByHeader(ref, SEND_KEY_HEADER, row.sendKey, LOOKUP_SELECT);
  const sentCopy = await pickSent(deps.adapter, ref, earlier);
  if (sentCopy) return record(deps, mailbox, row, sentCopy, true);
  let draft = earlier.find((m) => m.isDraft === true) ?? null;
  if (!draft) {
    if (row.sendRequestedAt) {
      // /send was called and neither the draft nor the sent copy shows: Graph is still moving it. Never resend.
      if (now().getTime() - row.sendRequestedAt.getTime() > (deps.unconfirmedAfterMs ?? 15 * 60_000)) {
        await markFailed(
          deps.knex,
          row,
          'send_unconfirmed',
          'Graph accepted the send but the sent copy never appeared; not resent',
          now(),
        );
        return { kind: 'skipped', status: 'failed' };
      }
      throw new SendPendingError('the sent copy is not visible in Graph yet');
    }
    draft = await createDraft(deps, ref, row);
    await withTenant(deps.knex, systemScope(tenantId, 'all'), (trx) =>
      trx('mailOutbox').where({ tenantId, id: row.id }).update({ draftId: draft!.id, updatedAt: now() }),
    );
  }
  // Committed before /send: from here on, a run that finds nothing waits for the sent copy instead of drafting again.
  await withTenant(deps.knex, systemScope(tenantId, 'all'), (trx) =>
    trx('mailOutbox').where({ tenantId, id: row.id }).update({ sendRequestedAt: now(), updatedAt: now() }),
  );
  try {
    await deps.adapter.sendDraft(ref, draft.id);
  } catch (error) {
    // "Only draft messages can be sent": an earlier /send went through; the lookup below finds its copy.
    if (!(error instanceof GraphRequestError && error.status === 400)) throw error;
  }
  const after = await pickSent(
    deps.adapter,
    ref,
    await deps.adapter.findByHeader(ref, SEND_KEY_HEADER, row.sendKey, LOOKUP_SELECT),
  );
  if (!after) throw new SendPendingError('sent; waiting for the sent copy to show in Graph');
  return record(deps, mailbox, row, after, false);
}

/** The sent copy among the key's matches: not a draft, preferring Sent Items (a send to oneself also lands in Inbox). */
async function pickSent(
  adapter: GraphMailAdapter,
  ref: MailboxRef,
  found: GraphMessage[],
): Promise<GraphMessage | null> {
  const sent = found.filter((m) => m.isDraft === false);
  if (sent.length <= 1) return sent[0] ?? null;
  const sentItems = await adapter.getFolder(ref, 'sentitems');
  return sent.find((m) => m.parentFolderId === sentItems.id) ?? sent[0]!;
}

async function createDraft(deps: SenderDeps, ref: MailboxRef, row: OutboxRow): Promise<GraphMessage> {
  const content = JSON.parse(
    await withTenant(deps.knex, systemScope(row.tenantId, 'all'), (trx) =>
      openText(trx, row.tenantId, row.contentSealed!),
    ),
  ) as OutboundContent;
  if (!row.replyToMessageId && needsMime(content.headers)) {
    // Headers Graph refuses in JSON (List-Unsubscribe and its -Post twin): the whole message goes in MIME format,
    // still a draft carrying the send key, so the exactly-once look-up and /send work as for any draft.
    const mime = await composeMime({
      from: ref.address,
      to: row.toRecipients,
      cc: row.ccRecipients,
      bcc: row.bccRecipients,
      subject: row.subject,
      content,
      options: row.options,
      headers: { [SEND_KEY_HEADER]: row.sendKey, ...content.headers },
    });
    return deps.adapter.createDraftMime(ref, mime);
  }
  // A reply keeps its thread through createReply, which takes JSON: only x- headers can ride along.
  const xHeaders = Object.entries(content.headers).filter(([name]) => /^x-/i.test(name));
  const headers = [
    { name: SEND_KEY_HEADER, value: row.sendKey },
    ...xHeaders.map(([name, value]) => ({ name, value })),
  ];
  const draft: DraftInput = {
    body: { contentType: 'html', content: content.bodyHtml },
    // Only when given: on a reply draft an empty list would wipe the Cc line createReplyAll computed.
    ...(row.ccRecipients.length > 0 ? { ccRecipients: recipients(row.ccRecipients) } : {}),
    ...(row.bccRecipients.length > 0 ? { bccRecipients: recipients(row.bccRecipients) } : {}),
    internetMessageHeaders: headers,
    ...(content.attachments.length > 0
      ? {
          attachments: content.attachments.map((a) => ({
            '@odata.type': '#microsoft.graph.fileAttachment' as const,
            name: a.name,
            contentType: a.contentType,
            contentBytes: a.contentBase64,
          })),
        }
      : {}),
    ...(row.options.readReceipt ? { isReadReceiptRequested: true } : {}),
    ...(row.options.fromAlias ? { from: { emailAddress: { address: row.options.fromAlias } } } : {}),
  };
  if (row.replyToMessageId) {
    const original = (await withTenant(deps.knex, systemScope(row.tenantId, 'all'), (trx) =>
      trx('messageIndex').where({ tenantId: row.tenantId, id: row.replyToMessageId! }).first('externalId'),
    )) as { externalId: string } | undefined;
    if (!original) throw new Error('the message being answered is no longer in the index');
    // createReply keeps the thread (conversation, In-Reply-To, References) and addresses the reply itself.
    return deps.adapter.createReplyDraft(ref, original.externalId, undefined, {
      message: draft,
      all: row.options.replyAll === true,
    });
  }
  return deps.adapter.createDraft(ref, { ...draft, subject: row.subject, toRecipients: recipients(row.toRecipients) });
}

/** Indexes the sent copy (the same row sync would write), marks the outbox row sent and emits `mail.sent`, once. */
async function record(
  deps: SenderDeps,
  mailbox: SyncMailbox,
  row: OutboxRow,
  found: GraphMessage,
  alreadySent: boolean,
): Promise<SendOutcome> {
  const message = found;
  const indexRow = toIndexRow(mailbox, 'sent', message);
  const at = (deps.now ?? (() => new Date()))();
  return withTenant(deps.knex, systemScope(row.tenantId, 'all'), async (trx) => {
    const current = (await trx('mailOutbox')
      .where({ tenantId: row.tenantId, id: row.id })
      .forUpdate()
      .first('status', 'messageId')) as { status: string; messageId: string | null };
    if (current.status === 'sent') return { kind: 'sent' as const, messageId: current.messageId!, alreadySent: true };
    const page = await applyPage(
      trx,
      mailbox,
      { kind: 'sent', externalId: message.parentFolderId ?? 'sentitems' },
      [indexRow],
      [],
    );
    const linked = page.links.get(indexRow.id);
    // applyPage wrote the email_out engagement with the message row (when the recipient is a known contact).
    if (page.inserted.has(indexRow.id) && linked && 'link' in linked) {
      await emitMailEvent(
        trx,
        row.tenantId,
        'engagement.logged',
        {
          engagementId: mailUuid(`engagement:${indexRow.id}`),
          type: 'email_out',
          channel: 'email',
          accountId: linked.link.accountId,
          contactId: linked.link.contactId,
          opportunityId: row.opportunityId ?? linked.link.opportunityId,
          actorId: mailbox.userId,
          occurredAt: new Date(indexRow.received_at).toISOString(),
          isBot: row.origin === 'sequence',
        },
        linked.link.clientId,
      );
    }
    if (row.opportunityId)
      await trx('messageIndex')
        .where({ tenantId: row.tenantId, id: indexRow.id })
        .update({ opportunityId: row.opportunityId });
    if (row.replyToMessageId)
      await trx('messageIndex')
        .where({ tenantId: row.tenantId, id: row.replyToMessageId })
        .update({ isReplied: true, updatedAt: at });
    await trx('mailOutbox').where({ tenantId: row.tenantId, id: row.id }).update({
      status: 'sent',
      sentAt: at,
      externalId: message.id,
      messageId: indexRow.id,
      threadKey: indexRow.thread_key,
      contentSealed: null,
      lastError: null,
      updatedAt: at,
    });
    // No mailbox, message or thread id: mail events reach every event.read holder and webhook.
    await emitMailEvent(trx, row.tenantId, 'mail.sent', {
      userId: mailbox.userId,
      contactIds: row.contactIds,
      opportunityId: row.opportunityId,
      enrollmentId: row.enrollmentId,
      aiDraftId: null,
    });
    return { kind: 'sent' as const, messageId: indexRow.id, alreadySent };
  });
}

/** Marks a row failed for good, with the reason. */
export async function markFailed(
  knex: Knex,
  row: Pick<OutboxRow, 'tenantId' | 'id'>,
  code: string,
  message: string,
  at: Date,
): Promise<void> {
  await withTenant(knex, systemScope(row.tenantId, 'all'), (trx) =>
    trx('mailOutbox')
      .where({ tenantId: row.tenantId, id: row.id })
      .whereNot('status', 'sent')
      .update({ status: 'failed', lastError: JSON.stringify({ code, message, at: at.toISOString() }), updatedAt: at }),
  );
}

/** Records a failed attempt (the row stays queued for the next retry). */
export async function recordAttemptError(
  knex: Knex,
  tenantId: string,
  outboxId: string,
  code: string,
  message: string,
  at: Date,
): Promise<void> {
  await withTenant(knex, systemScope(tenantId, 'all'), (trx) =>
    trx('mailOutbox')
      .where({ tenantId, id: outboxId })
      .whereIn('status', ['queued', 'sending'])
      .update({ lastError: JSON.stringify({ code, message, at: at.toISOString() }), updatedAt: at }),
  );
}
