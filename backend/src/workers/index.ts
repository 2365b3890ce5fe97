import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { DB_CONNECT_TIMEOUT_MS } from '../db/knex';
import type { Logger } from 'pino';
import { createPgListener, EVENTS_CHANNEL } from '../domains/events/stream/listener';
import { cadenceRollover, promotionExpiry } from './cadenceJobs';
import { deliverWebhooks, WEBHOOK_JOB } from './deliverWebhooks';
import { maintainPartitions } from './maintainPartitions';
import { mailSubscriptionMaintain, mailSubscriptionsRenew } from './mailSubscriptions';
import { queueMailSendOnNotify, sendMail, sendMailTick } from './mailSend';
import { mailSyncMailbox, mailSyncTick, queueMailSyncOnNotify } from './mailSync';
import { unlockDeadWorkers, workerLiveness } from './liveness';
import { closeWorkerKnex, setWorkerDatabase } from './ownerKnex';
import { sequenceRun } from './sequenceRunner';
import { outboxSequenceMailer } from '../domains/sequences/outboxMailer';
import { sequenceMailer, setSequenceMailer } from '../domains/sequences/ports';

/** Every job the workers run, keyed by task name. Domains add theirs here. */
export const taskList: TaskList = {
  maintain_partitions: maintainPartitions,
  deliver_webhooks: deliverWebhooks,
  mail_sync_mailbox: mailSyncMailbox,
  mail_sync_tick: mailSyncTick,
  mail_subscription_maintain: mailSubscriptionMaintain,
  mail_subscriptions_renew: mailSubscriptionsRenew,
  cadence_rollover: cadenceRollover,
  promotion_expiry: promotionExpiry,
  sequence_run: sequenceRun,
  send_mail: sendMail,
  send_mail_tick: sendMailTick,
  workers_unlock_dead: async (_payload, helpers) => {
    const dead = await unlockDeadWorkers((fn) => helpers.withPgClient(fn));
    if (dead.length > 0) helpers.logger.warn(`unlocked the jobs and queues of ${dead.length} dead worker(s): ${dead.join(', ')}`);
  },
};

/** Recurring jobs (graphile-worker crontab syntax). */
export const crontab = [
  // Monthly engagement partitions are made a year ahead; daily is plenty.
  '15 3 * * * maintain_partitions',
  // Webhooks: every minute (new events are also queued at once by the listener below), one run at a time.
  '* * * * * deliver_webhooks ?max=1&queue=webhooks&jobKey=deliver_webhooks&jobKeyMode=preserve_run_at',
  // Mail: queue syncs that are due (backfills, stalled rounds, periodic delta); NOTIFY and webhooks queue sooner.
  '* * * * * mail_sync_tick ?max=1&queue=mail-tick&jobKey=mail_sync_tick&jobKeyMode=preserve_run_at',
  // Mail: renew Graph subscriptions well before their 4,230-minute limit, and repair missing ones.
  '*/30 * * * * mail_subscriptions_renew ?max=1&queue=mail-tick&jobKey=mail_subscriptions_renew&jobKeyMode=preserve_run_at',
  // Lead rollover: each cadence rolls over once per local date from 23:00 in its zone; a run every 15 minutes
  // catches every zone's evening (the job is idempotent, keyed by the cadence's last rollover date).
  '*/15 * * * * cadence_rollover ?max=1&queue=cadences&jobKey=cadence_rollover',
  '*/15 * * * * promotion_expiry ?max=1&queue=cadences&jobKey=promotion_expiry',
  // Sequence Runner: every minute; each run works through due steps for up to 50 s (SKIP LOCKED, so runs overlap safely).
  '* * * * * sequence_run ?max=1&jobKey=sequence_run&jobKeyMode=preserve_run_at',
  // Workers that died holding a job (crash, OOM kill): free their jobs and per-mailbox queues at once instead of
  // after graphile's 4 hours. No named queue, so a dead worker can never hold this one up.
  '* * * * * workers_unlock_dead ?max=1&jobKey=workers_unlock_dead&jobKeyMode=preserve_run_at',
  // Mail outbox: queue sends whose NOTIFY was missed and sends whose worker died (each row has one job key).
  '* * * * * send_mail_tick ?max=1&queue=mail-tick&jobKey=send_mail_tick&jobKeyMode=preserve_run_at',
].join('\n');

/** Starts graphile-worker in this process on the owner connection (it manages its own schema). */
export async function startWorkers(ownerUrl: string, log: Logger, concurrency = 2): Promise<Runner & { pool: pg.Pool }> {
  setWorkerDatabase(ownerUrl);
  // Sequence emails go to the mail outbox unless something (a test, the bench) installed another mailer.
  if (!sequenceMailer()) setSequenceMailer(outboxSequenceMailer);
  const pool = new pg.Pool({ connectionString: ownerUrl, max: concurrency + 2, application_name: 'pivotal-worker', connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS });
  // Postgres going away (Ctrl-C reaches it too) must not crash the process through an unhandled pool error.
  pool.on('error', (err) => log.warn({ err: err.message }, 'worker connection lost'));
  pool.on('connect', (client) => client.on('error', (err) => log.warn({ err: err.message }, 'worker client error')));
  const logger = new WorkerLogger(() => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    log[method]({ worker: meta?.label ?? 'core' }, message);
  });
  const liveness = workerLiveness(ownerUrl, log);
  return run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger,
    events: liveness.events,
  }).then((runner) => {
    log.info({ concurrency }, 'workers started');
    const listener = queueWebhooksOnEvents(ownerUrl, runner, log);
    const mailListener = queueMailSyncOnNotify(ownerUrl, runner, log);
    const sendListener = queueMailSendOnNotify(ownerUrl, runner, log);
    const stop = runner.stop;
    return Object.assign(runner, {
      pool,
      async stop(reason?: string) {
        await listener.close();
        await mailListener.close();
        await sendListener.close();
        await stop(reason);
        await liveness.close();
        await closeWorkerKnex();
      },
    });
  });
}

/** Queues a webhook run (throttled by its job key: at most one waiting) a second after a request wrote events. */
function queueWebhooksOnEvents(ownerUrl: string, runner: Runner, log: Logger) {
  return createPgListener({
    connection: ownerUrl,
    channel: EVENTS_CHANNEL,
    log,
    onNotify: () => {
      const { task, ...spec } = WEBHOOK_JOB;
      runner
        .addJob(task, {}, { ...spec, jobKeyMode: 'preserve_run_at', maxAttempts: 1, runAt: new Date(Date.now() + 1_000) })
        .catch((err: Error) => log.warn({ err: err.message }, 'could not queue webhook delivery'));
    },
  });
}
