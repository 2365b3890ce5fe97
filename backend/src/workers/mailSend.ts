import type { Runner } from 'graphile-worker';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { systemScope, withTenant } from '#db/tenantTx';
import { createPgListener } from '#domains/events/stream/listener';
import { MAIL_SEND_CHANNEL, type SendNotice } from '#domains/mail/outbox';
import { markFailed, recordAttemptError, SendPendingError, sendOutboxMail } from '#domains/mail/send/sender';
import { mailRuntime } from '#domains/mail/sync/runtime';
import { GraphRequestError } from '#integrations/graph/adapter/index';
import { MailboxAuthError } from '#integrations/graph/mailboxAccess';
import { defineTask } from './task';

/** The task that sends one outbox row. */
export const MAIL_SEND_TASK = 'send_mail';

/** The minute tick's task (also run whenever the NOTIFY listener (re)connects). */
export const MAIL_SEND_TICK = 'send_mail_tick';

/** A row left `sending` this long (its worker died) is queued again by the tick. */
export const STALE_SENDING = '2 minutes';

const MAIL_SEND_ATTEMPTS = 10;

type SendPayload = { tenantId: string; outboxId: string; mailboxId: string };

const isPayload = (value: unknown): value is SendPayload =>
  typeof value === 'object' &&
  value !== null &&
  ['tenantId', 'outboxId', 'mailboxId'].every((k) => typeof (value as Record<string, unknown>)[k] === 'string');

/**
 * Job options: one job per outbox row (its key), run at `sendAt`; a mailbox's sends run one at a time (its queue),
 * which also keeps them inside Graph's per-mailbox concurrency.
 */
export const mailSendJobSpec = (notice: { outboxId: string; mailboxId: string; runAt?: Date | null }) => ({
  queueName: `mail-send:${notice.mailboxId}`,
  jobKey: `send_mail:${notice.outboxId}`,
  jobKeyMode: 'preserve_run_at' as const,
  maxAttempts: MAIL_SEND_ATTEMPTS,
  ...(notice.runAt ? { runAt: notice.runAt } : {}),
});

/** Graph answers that no retry will change (bad recipients, refused header, gone mailbox). */
function permanent(error: unknown): boolean {
  return (
    error instanceof GraphRequestError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![408, 409, 429].includes(error.status)
  );
}

/** Sends one outbox row (see sendOutboxMail): exactly once, whatever happened to earlier attempts. */
export const sendMail = defineTask({
  name: MAIL_SEND_TASK,
  maxAttempts: MAIL_SEND_ATTEMPTS,
  accepts: isPayload,
  async run(payload, deps, helpers) {
    const runtime = mailRuntime();
    if (!runtime) throw new Error('send_mail: no Graph adapter configured in this process');
    const knex = deps.knex();
    try {
      const outcome = await sendOutboxMail({ knex, adapter: runtime.adapter }, payload.tenantId, payload.outboxId);
      // Queued early (sendAt moved, or a tick): come back when it is due.
      if (outcome.kind === 'not_due')
        await helpers.addJob(MAIL_SEND_TASK, payload, {
          ...mailSendJobSpec({ ...payload, runAt: outcome.runAt }),
          jobKeyMode: 'replace',
        });
    } catch (error) {
      const now = new Date();
      if (error instanceof SendPendingError) throw error;
      if (error instanceof MailboxAuthError)
        return markFailed(
          knex,
          { tenantId: payload.tenantId, id: payload.outboxId },
          'mailbox_not_connected',
          error.message,
          now,
        );
      const message = error instanceof Error ? error.message : String(error);
      const code =
        error instanceof GraphRequestError
          ? `graph_${error.status}${error.code ? `_${error.code}` : ''}`
          : 'send_error';
      if (permanent(error) || helpers.job.attempts >= helpers.job.max_attempts)
        return markFailed(knex, { tenantId: payload.tenantId, id: payload.outboxId }, code, message, now);
      await recordAttemptError(knex, payload.tenantId, payload.outboxId, code, message, now);
      throw error;
    }
  },
});

/** Outbox rows that need a job: queued (due or not) and rows whose worker died mid-send. */
export async function pendingSends(knex: Knex): Promise<(SendPayload & { runAt: Date | null })[]> {
  const tenants = (await knex('tenants').select('id')) as { id: string }[];
  const out: (SendPayload & { runAt: Date | null })[] = [];
  for (const { id: tenantId } of tenants) {
    const rows = (await withTenant(knex, systemScope(tenantId, 'all'), (trx) =>
      trx('mailOutbox')
        .where({ tenantId })
        .where((q) =>
          q
            .where('status', 'queued')
            .orWhere((s) => s.where('status', 'sending').whereRaw(`updated_at < now() - interval '${STALE_SENDING}'`)),
        )
        .select('id', 'mailboxId', 'sendAt'),
    )) as { id: string; mailboxId: string; sendAt: Date | null }[];
    for (const row of rows) out.push({ tenantId, outboxId: row.id, mailboxId: row.mailboxId, runAt: row.sendAt });
  }
  return out;
}

/** The minute tick: a job for every outbox row that needs one (the safety net under NOTIFY). */
export const sendMailTick = defineTask({
  name: MAIL_SEND_TICK,
  schedule: { cron: '* * * * *', queue: 'mail-tick' },
  async run(_payload, deps, helpers) {
    for (const { runAt, ...job } of await pendingSends(deps.knex()))
      await helpers.addJob(MAIL_SEND_TASK, job, mailSendJobSpec({ ...job, runAt }));
  },
});

/** Turns the NOTIFY of a committed enqueue into a queued send job at once (at `sendAt` when scheduled). */
export function queueMailSendOnNotify(ownerUrl: string, runner: Runner, log: Logger) {
  return createPgListener({
    connection: ownerUrl,
    channel: MAIL_SEND_CHANNEL,
    log,
    onNotify: (raw) => {
      let notice: SendNotice;
      try {
        notice = JSON.parse(raw) as SendNotice;
      } catch {
        return;
      }
      const job = { tenantId: notice.tenantId, outboxId: notice.outboxId, mailboxId: notice.mailboxId };
      if (!isPayload(job)) return;
      runner
        .addJob(MAIL_SEND_TASK, job, mailSendJobSpec({ ...job, runAt: notice.runAt ? new Date(notice.runAt) : null }))
        .catch((err: Error) => log.warn({ err: err.message }, 'could not queue a mail send'));
    },
    // Enqueues committed before LISTEN took effect (start-up, reconnect) sent no notice we heard: a tick finds them.
    onConnect: () => {
      runner
        .addJob(MAIL_SEND_TICK, {}, { queueName: 'mail-tick', jobKey: MAIL_SEND_TICK, jobKeyMode: 'replace' })
        .catch((err: Error) => log.warn({ err: err.message }, 'could not queue a mail send tick'));
    },
  });
}
