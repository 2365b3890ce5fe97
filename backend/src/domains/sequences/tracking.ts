import { isbot } from 'isbot';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';

/** Mail security scanners and image proxies that open and click links on delivery (not in isbot's crawler list). */
const MAIL_SCANNERS =
  /(safelinks|bingpreview|barracuda|mimecast|proofpoint|ppops|forcepoint|symantec|messagelabs|trendmicro|cisco-ironport|sophos|zscaler|googleimageproxy|ggpht\.com|yahoomailproxy)/i;
/** An open or click this soon after the send is a scanner on delivery, not a person. */
export const PREFETCH_WINDOW_MS = 10_000;

/** A tracked open or click of a sequence email or a tracked manual send (from the pixel or the link redirect). */
export type TrackingHit = {
  tenantId: string;
  sendKey: string;
  kind: 'open' | 'click';
  userAgent: string | null;
  url?: string | null;
  at: Date;
};

/** Why a hit was judged a machine. */
export type BotReason = 'no_user_agent' | 'bot_user_agent' | 'mail_scanner' | 'prefetch_window';

/**
 * The one rule that decides "human" everywhere (mail tracking, sequences, analytics): a hit is a machine when it has
 * no user agent, a bot user agent (isbot's list), a known mail scanner or image proxy's, or comes within
 * PREFETCH_WINDOW_MS of the send (link scanners and prefetchers fire on delivery). Null: a person.
 */
export function botReason(userAgent: string | null, sentAt: Date | null, at: Date): BotReason | null {
  if (!userAgent || userAgent.trim() === '') return 'no_user_agent';
  if (MAIL_SCANNERS.test(userAgent)) return 'mail_scanner';
  if (isbot(userAgent)) return 'bot_user_agent';
  return sentAt !== null && at.getTime() - sentAt.getTime() < PREFETCH_WINDOW_MS ? 'prefetch_window' : null;
}

/**
 * Stores an open or click of a send, flagged `is_bot` when a machine made it: bot events are kept (raw figures,
 * audits) and never counted as human. Sequence sends (`seq:` keys) go to `sequence_send_events`, tracked manual
 * sends (`manual:` keys, the outbox row) to `mail_tracking_events`. Answers the stored flag, or null for an unknown
 * send key. Needs `app.mailbox_scope = 'all'` for manual sends (the outbox row is private to its mailbox).
 */
export async function recordTrackingHit(trx: Knex.Transaction, hit: TrackingHit): Promise<{ isBot: boolean } | null> {
  if (hit.sendKey.startsWith('manual:')) return recordManualHit(trx, hit);
  const send = (await trx('sequenceSends')
    .where({ tenantId: hit.tenantId, key: hit.sendKey })
    .first('id', 'sequenceId', 'enrollmentId', 'stepIndex', 'sentAt')) as
    { id: string; sequenceId: string; enrollmentId: string; stepIndex: number; sentAt: Date | null } | undefined;
  if (!send) return null;
  const reason = botReason(hit.userAgent, send.sentAt, hit.at);
  const isBot = reason !== null;
  await trx('sequenceSendEvents').insert({
    tenantId: hit.tenantId,
    id: uuidv7(),
    sendId: send.id,
    sequenceId: send.sequenceId,
    enrollmentId: send.enrollmentId,
    stepIndex: send.stepIndex,
    kind: hit.kind,
    isBot,
    botReason: reason,
    url: hit.url ?? null,
    userAgent: hit.userAgent?.slice(0, 500) ?? null,
    occurredAt: hit.at,
  });
  return { isBot };
}

async function recordManualHit(trx: Knex.Transaction, hit: TrackingHit): Promise<{ isBot: boolean } | null> {
  const sent = (await trx('mailOutbox')
    .where({ tenantId: hit.tenantId, sendKey: hit.sendKey })
    .first('id', 'mailboxId', 'userId', 'sentAt', 'options')) as
    | {
        id: string;
        mailboxId: string;
        userId: string;
        sentAt: Date | null;
        options: { tracking?: { opens: boolean; clicks: boolean } };
      }
    | undefined;
  const asked = sent?.options.tracking;
  // Only what the sender asked to track is recorded (a token of an untracked kind is refused like an unknown one).
  if (!sent || !asked || !(hit.kind === 'open' ? asked.opens : asked.clicks)) return null;
  const reason = botReason(hit.userAgent, sent.sentAt, hit.at);
  const isBot = reason !== null;
  await trx('mailTrackingEvents').insert({
    tenantId: hit.tenantId,
    id: uuidv7(),
    outboxId: sent.id,
    mailboxId: sent.mailboxId,
    userId: sent.userId,
    kind: hit.kind,
    isBot,
    botReason: reason,
    url: hit.url ?? null,
    userAgent: hit.userAgent?.slice(0, 500) ?? null,
    occurredAt: hit.at,
  });
  return { isBot };
}
