import { cards, ConnectorError, renderNotification, type ConversationReference } from '@pivotal-pm/bot';
import type { Knex } from 'knex';
import pLimit from 'p-limit';
import { uuidv7 } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { claim, recipients, type Recipient, type Row } from './deliveryRows';
import { quietUntil } from './quietHours';
import type { BotRuntime } from './runtime';

/**
 * Chats served at once. A chat's cards go one after another (Teams allows 8 per 2 seconds in one chat, so a chat with
 * a backlog waits on its own pacing); different chats proceed side by side.
 */
const CONCURRENCY = 16;

const MAX_ATTEMPTS = 8;
/** SLA reminder cards one user gets in 24 hours at most; past it the task is in their queue and no card comes. */
export const REMINDERS_PER_DAY = 10;
/** How long a card waits for its recipient to install the bot before it is dropped. */
const WAIT_FOR_INSTALL_MS = 24 * 3_600_000;

/** What one delivery run did. */
export type DeliveryReport = { sent: number; skipped: number; deferred: number; failed: number };

/** Why a card is not for this user now (a preference), or null. */
function optedOut(row: Row, r: Recipient): string | null {
  if (row.kind === 'sla_reminder' && r.slaReminders === false) return 'SLA reminders are off';
  if (row.kind === 'nba_prompt' && r.nbaPrompts === false) return 'Next Best Action prompts are off';
  if (row.kind === 'digest' && r.digest === 'off') return 'digests are off';
  return null;
}

type Outcome =
  | { status: 'sent'; activityId: string; conversationId: string }
  | { status: 'skipped' | 'failed'; error: string }
  | { status: 'pending'; notBefore: Date; error: string | null; attempt: boolean };

/** Sends one claimed card: preferences, quiet hours, the card built now as the recipient, pacing, the send. */
async function deliverOne(
  runtime: BotRuntime,
  tenantId: string,
  row: Row,
  r: Recipient | undefined,
  now: Date,
): Promise<Outcome> {
  if (!r?.reference) {
    // Installing the bot brings the waiting cards forward (bot.installation.save); after a day they are dropped.
    if (now.getTime() - row.createdAt.getTime() > WAIT_FOR_INSTALL_MS)
      return { status: 'skipped', error: 'the bot is not installed for this user' };
    return {
      status: 'pending',
      notBefore: new Date(now.getTime() + 3_600_000),
      error: 'not installed yet',
      attempt: false,
    };
  }
  const off = optedOut(row, r);
  if (off) return { status: 'skipped', error: off };
  if (row.kind === 'sla_reminder' && r.remindersToday >= REMINDERS_PER_DAY)
    return { status: 'skipped', error: `more than ${REMINDERS_PER_DAY} reminders today: the task is in the queue` };
  // The slot is taken before the card is built (cards go out concurrently) and given back if it is not sent.
  if (row.kind === 'sla_reminder') r.remindersToday += 1;
  const outcome = await buildAndSend(runtime, tenantId, row, r, r.reference, now);
  if (row.kind === 'sla_reminder' && outcome.status !== 'sent') r.remindersToday -= 1;
  return outcome;
}

/** Builds the card as its recipient and sends it (paced); connector failures become the row's next step. */
async function buildAndSend(
  runtime: BotRuntime,
  tenantId: string,
  row: Row,
  r: Recipient,
  reference: ConversationReference,
  now: Date,
): Promise<Outcome> {
  const quiet = quietUntil(now, r.timeZone, r.quietStart, r.quietEnd);
  if (quiet) return { status: 'pending', notBefore: quiet, error: null, attempt: false };
  const user = await runtime.userById(tenantId, row.userId);
  if (!user) return { status: 'skipped', error: 'the user is not active' };
  try {
    const card = await renderNotification(runtime.deps, user, row, reference.user.id);
    if (!card) return { status: 'skipped', error: 'obsolete: what it was about has ended' };
    await runtime.pacer.wait(reference.conversation.id);
    const sent = await runtime.connector.send(reference, {
      type: 'message',
      attachments: [cards.asAttachment(card)],
    });
    return { status: 'sent', activityId: sent.id, conversationId: reference.conversation.id };
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof ConnectorError && error.status === 429) {
      const wait = error.retryAfterMs ?? 1_000;
      runtime.pacer.backOff(reference.conversation.id, wait);
      return { status: 'pending', notBefore: new Date(now.getTime() + wait), error: message, attempt: false };
    }
    if (error instanceof ConnectorError && !error.retryable) return { status: 'failed', error: message };
    if (row.attempts >= MAX_ATTEMPTS) return { status: 'failed', error: message };
    return {
      status: 'pending',
      notBefore: new Date(now.getTime() + 2 ** row.attempts * 1_000),
      error: message,
      attempt: true,
    };
  }
}

/** Records the outcome (and audits a send) in one transaction. */
async function finish(knex: Knex, tenantId: string, row: Row, outcome: Outcome, now: Date): Promise<void> {
  await withTenant(knex, systemScope(tenantId), async (trx) => {
    const where = trx('botNotifications').where({ tenantId, id: row.id });
    if (outcome.status === 'sent') {
      await where.update({
        status: 'sent',
        activityId: outcome.activityId,
        conversationId: outcome.conversationId,
        sentAt: now,
        lastError: null,
        updatedAt: now,
      });
      await trx('auditLog').insert({
        tenantId,
        id: uuidv7(),
        at: now,
        actor: 'system:bot',
        operation: 'bot.card.sent',
        targetType: 'user',
        targetId: row.userId,
        after: JSON.stringify({ kind: row.kind, reasonKey: row.reasonKey, activityId: outcome.activityId }),
      });
    } else if (outcome.status === 'pending')
      await where.update({
        status: 'pending',
        notBefore: outcome.notBefore,
        lastError: outcome.error,
        attempts: outcome.attempt ? row.attempts : row.attempts - 1,
        claimedAt: null,
        updatedAt: now,
      });
    else await where.update({ status: outcome.status, lastError: outcome.error, claimedAt: null, updatedAt: now });
  });
}

/**
 * Delivers the due proactive cards of every tenant. Each (user, reason) row is claimed before its send and marked
 * sent with the connector's activity id right after: a card goes out once per row. The one window left is a worker
 * dying between the connector's answer and that commit: the row's lease then runs out and it is sent again (the
 * Bot Connector has no idempotency key to close it).
 */
export async function deliverDue(
  knex: Knex,
  runtime: BotRuntime,
  now: () => Date = () => new Date(),
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, deferred: 0, failed: 0 };
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id: tenantId } of tenants) {
    for (;;) {
      const rows = await claim(knex, tenantId, now());
      if (rows.length === 0) break;
      const people = await recipients(knex, tenantId, [...new Set(rows.map((r) => r.userId))], now());
      const byUser = new Map<string, Row[]>();
      for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
      const limit = pLimit(CONCURRENCY);
      await Promise.all(
        [...byUser.values()].map((mine) =>
          limit(async () => {
            for (const row of mine) {
              const outcome = await deliverOne(runtime, tenantId, row, people.get(row.userId), now());
              await finish(knex, tenantId, row, outcome, now());
              if (outcome.status === 'sent') report.sent += 1;
              else if (outcome.status === 'pending') report.deferred += 1;
              else report[outcome.status] += 1;
            }
          }),
        ),
      );
    }
  }
  return report;
}
