import type { Knex } from 'knex';
import { withTenant } from '#db/tenantTx';
import type { GraphMailAdapter } from '#integrations/graph/adapter/index';
import type { PageOutcome } from '../sync/indexWriter';
import { type IndexRow, type SyncMailbox, headerValue, messageIds } from '../sync/messageRows';
import type { ReplyDetector } from '../sync/replies';
import { emitMailEvent } from '../sync/syncEvents';
import { type ReplyVerdict, classifyReply } from './classify';

type SentRow = {
  id: string;
  internetMessageId: string | null;
  conversationId: string | null;
  threadKey: string | null;
  contactId: string | null;
  opportunityId: string | null;
  clientId: string | null;
  receivedAt: Date;
};
type Detected = { rowId: string; sent: SentRow; verdict: ReplyVerdict };

const LOOKS_AUTOMATED =
  /^(mailer-daemon|postmaster|bounces?)[+@]|undeliver|delivery status|failure notice|automatic reply|auto[- ]?reply|out of (the )?office/i;

/** Strips tags and entities enough for classification (the classifier reads words, not layout). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"');
}

/**
 * Detects replies to messages we sent: new inbound messages in a conversation we sent into (or that look like
 * a bounce or auto-reply) are fetched in full, matched to the sent message by `In-Reply-To`/`References`
 * (else the conversation), classified, and reported as `mail.replyDetected` once, when their row is inserted.
 */
export function createReplyDetector(adapter: GraphMailAdapter, knex: Knex): ReplyDetector {
  return {
    async prepare(mailbox, rows) {
      const inbound = rows.filter((r) => r.direction === 'in' && !r.is_draft);
      if (inbound.length === 0) return null;
      const scope = {
        tenantId: mailbox.tenantId,
        userId: mailbox.userId,
        clientIds: null,
        mailboxScope: 'all' as const,
      };
      // Only inbound mail in a conversation we sent into (or that looks automated) can be a reply to detect; of
      // those, only rows not indexed yet are fetched in full. Usually none qualify, and no further look-up runs.
      const candidates = await withTenant(knex, scope, async (trx) => {
        const sent = await sentInto(
          trx,
          mailbox,
          inbound.map((r) => r.conversation_id).filter((c): c is string => c !== null),
        );
        const maybe = inbound.filter(
          (r) =>
            sent.some((s) => s.conversationId === r.conversation_id) ||
            LOOKS_AUTOMATED.test(`${r.from_address ?? ''} ${r.subject ?? ''}`),
        );
        const known =
          maybe.length === 0
            ? new Set<string>()
            : await knownIds(
                trx,
                mailbox,
                maybe.map((r) => r.external_id),
              );
        return { sent, rows: maybe.filter((r) => !known.has(r.external_id)) };
      });
      const sent = candidates.sent;
      const detected: Detected[] = [];
      for (const row of candidates.rows) {
        const found = await detect(adapter, knex, mailbox, row, sent);
        if (found) detected.push(found);
      }
      if (detected.length === 0) return null;
      return { commit: (trx, outcome) => commitDetected(trx, mailbox, detected, outcome) };
    },
  };
}

/*
 * The two look-ups below probe an index once per id (a lateral join): with a plain `= ANY(...)` the planner,
 * working from statistics taken before a new mailbox's backfill, scanned the whole mailbox for each page
 * instead (125 ms and growing per page at 20,000 messages). Even so, a probe for ids that are not indexed yet
 * may be planned as a mailbox scan on such statistics, so `knownIds` only runs for the few reply candidates.
 */

/** Which of these external ids the mailbox has indexed already. */
async function knownIds(trx: Knex.Transaction, mailbox: SyncMailbox, externalIds: string[]): Promise<Set<string>> {
  const { rows } = (await trx.raw(
    `SELECT m.external_id FROM unnest(?::text[]) AS k(e)
       CROSS JOIN LATERAL (SELECT external_id FROM message_index WHERE tenant_id = ? AND mailbox_id = ? AND external_id = k.e LIMIT 1) m`,
    [[...new Set(externalIds)], mailbox.tenantId, mailbox.mailboxId],
  )) as { rows: { external_id: string }[] };
  return new Set(rows.map((r) => r.external_id));
}

/** The messages the mailbox sent into these conversations. */
async function sentInto(trx: Knex.Transaction, mailbox: SyncMailbox, conversationIds: string[]): Promise<SentRow[]> {
  if (conversationIds.length === 0) return [];
  const { rows } = (await trx.raw(
    `SELECT m.* FROM unnest(?::text[]) AS k(c)
       CROSS JOIN LATERAL (SELECT id, internet_message_id, conversation_id, thread_key, contact_id, opportunity_id, client_id, received_at
         FROM message_index WHERE tenant_id = ? AND mailbox_id = ? AND direction = 'out' AND conversation_id = k.c OFFSET 0) m`,
    [[...new Set(conversationIds)], mailbox.tenantId, mailbox.mailboxId],
  )) as {
    rows: {
      id: string;
      internet_message_id: string | null;
      conversation_id: string | null;
      thread_key: string | null;
      contact_id: string | null;
      opportunity_id: string | null;
      client_id: string | null;
      received_at: Date;
    }[];
  };
  return rows.map((r) => ({
    id: r.id,
    internetMessageId: r.internet_message_id,
    conversationId: r.conversation_id,
    threadKey: r.thread_key,
    contactId: r.contact_id,
    opportunityId: r.opportunity_id,
    clientId: r.client_id,
    receivedAt: r.received_at,
  }));
}

async function detect(
  adapter: GraphMailAdapter,
  knex: Knex,
  mailbox: SyncMailbox,
  row: IndexRow,
  sent: SentRow[],
): Promise<Detected | null> {
  const full = await adapter.getMessage(mailbox, row.external_id);
  const headers = Object.fromEntries((full.internetMessageHeaders ?? []).map((h) => [h.name.toLowerCase(), h.value]));
  const referenced = [
    ...messageIds(headerValue(full.internetMessageHeaders, 'In-Reply-To')),
    ...messageIds(headerValue(full.internetMessageHeaders, 'References')),
  ];
  let answered = sent.find((s) => s.internetMessageId !== null && referenced.includes(s.internetMessageId));
  if (!answered && referenced.length > 0) {
    // A bounce or reply in another conversation still names our message in its headers.
    answered = (await withTenant(
      knex,
      { tenantId: mailbox.tenantId, userId: mailbox.userId, clientIds: null, mailboxScope: 'all' },
      (trx) =>
        trx('messageIndex')
          .where({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, direction: 'out' })
          .whereIn('internetMessageId', referenced)
          .orderBy('receivedAt', 'desc')
          .first(
            'id',
            'internetMessageId',
            'conversationId',
            'threadKey',
            'contactId',
            'opportunityId',
            'clientId',
            'receivedAt',
          ),
    )) as SentRow | undefined;
  }
  answered ??= sent
    .filter((s) => s.conversationId === row.conversation_id && new Date(s.receivedAt) <= new Date(row.received_at))
    .sort((a, b) => +new Date(b.receivedAt) - +new Date(a.receivedAt))[0];
  if (!answered) return null;
  const body =
    full.body?.contentType === 'html' ? htmlToText(full.body.content) : (full.body?.content ?? row.snippet ?? '');
  const verdict = classifyReply({
    subject: row.subject ?? '',
    from: row.from_address ?? '',
    body,
    headers,
    receivedAt: new Date(row.received_at),
  });
  return { rowId: row.id, sent: answered, verdict };
}

async function commitDetected(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  detected: Detected[],
  outcome: PageOutcome,
): Promise<void> {
  for (const { rowId, sent, verdict } of detected) {
    if (!outcome.inserted.has(rowId)) continue;
    const link = outcome.links.get(rowId);
    const contactId = link && 'link' in link ? link.link.contactId : sent.contactId;
    await trx('messageIndex').where({ tenantId: mailbox.tenantId, id: sent.id }).update({ isReplied: true });
    if (sent.threadKey)
      await trx('messageIndex').where({ tenantId: mailbox.tenantId, id: rowId }).update({ threadKey: sent.threadKey });
    // No mailbox, message or thread id and no reason (it quotes the reply): mail events reach every event.read
    // holder and webhook. The reactions to it (sequences' stop rules) run in this transaction and report the
    // enrollments they stopped or paused as `enrollmentIds`.
    await emitMailEvent(
      trx,
      mailbox.tenantId,
      'mail.replyDetected',
      {
        userId: mailbox.userId,
        contactId: contactId ?? null,
        opportunityId: sent.opportunityId,
        enrollmentIds: [],
        classification: verdict.classification,
        returnDate: verdict.returnDate,
      },
      sent.clientId,
    );
  }
}
