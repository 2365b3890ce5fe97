import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import { DB_CONNECT_TIMEOUT_MS } from '#db/knex';
import type { Logger } from 'pino';
import { createPgListener, EVENTS_CHANNEL } from '#domains/events/stream/listener';
import { cadenceRollover, promotionExpiry } from './cadenceJobs';
import { deliverWebhooks, WEBHOOK_JOB } from './deliverWebhooks';
import { maintainPartitions } from './maintainPartitions';
import { mailSubscriptionMaintain, mailSubscriptionsRenew } from './mailSubscriptions';
import { queueMailSendOnNotify, sendMail, sendMailTick } from './mailSend';
import { mailSyncMailbox, mailSyncTick, queueMailSyncOnNotify } from './mailSync';
import { unlockDeadWorkers, workerLiveness } from './liveness';
import { scoreDrain, scoreNightly } from './scoring';
import { botDeliver, botDigests } from './botDelivery';
import { callRetention } from './calls';
import { queueSlaOnNotify, SLA_EVALUATE_TASK, slaEvaluate, slaSweep } from './sla';
import { sequenceRun } from './sequenceRunner';
import { outboxSequenceMailer } from '#domains/sequences/outboxMailer';
import { httpSequenceWebhooks, type SequenceMailer, type SequenceWebhooks } from '#domains/sequences/ports';
import { crontabOf, defineTask, lazyOwnerKnex, taskListOf, type WorkerDeps } from './task';

/** Frees the jobs and per-mailbox queues of workers that died holding them (crash, OOM kill) at once instead of after graphile's 4 hours. No named queue, so a dead worker can never hold this one up. */
const workersUnlockDead = defineTask({
  name: 'workers_unlock_dead',
  schedule: { cron: '* * * * *' },
  async run(_payload, _deps, helpers) {
    const dead = await unlockDeadWorkers((fn) => helpers.withPgClient(fn));
    if (dead.length > 0)
      helpers.logger.warn(`unlocked the jobs and queues of ${dead.length} dead worker(s): ${dead.join(', ')}`);
  },
});

/** Every task the workers run. A domain's job is added here (with its schedule, if it runs by itself). */
export const tasks = [
  maintainPartitions,
  deliverWebhooks,
  mailSyncMailbox,
  mailSyncTick,
  mailSubscriptionMaintain,
  mailSubscriptionsRenew,
  cadenceRollover,
  promotionExpiry,
  sequenceRun,
  scoreDrain,
  scoreNightly,
  slaEvaluate,
  slaSweep,
  botDeliver,
  botDigests,
  callRetention,
  sendMail,
  sendMailTick,
  workersUnlockDead,
] as const;

/** Recurring jobs (graphile-worker crontab syntax), from the tasks' schedules. */
export const crontab = crontabOf(tasks);

/** What a test or the bench may wire instead of the defaults. */
export type WorkerOptions = { sequenceMailer?: SequenceMailer; sequenceWebhooks?: SequenceWebhooks };

/** Starts graphile-worker in this process on the owner connection (it manages its own schema). */
export async function startWorkers(
  ownerUrl: string,
  log: Logger,
  concurrency = 2,
  options: WorkerOptions = {},
): Promise<Runner & { pool: pg.Pool }> {
  const owner = lazyOwnerKnex(ownerUrl);
  const deps: WorkerDeps = {
    knex: owner.knex,
    // Sequence emails go to the mail outbox unless a test or the bench wires another mailer.
    sequenceMailer: options.sequenceMailer ?? outboxSequenceMailer,
    sequenceWebhooks: options.sequenceWebhooks ?? httpSequenceWebhooks,
    publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
  };
  const pool = new pg.Pool({
    connectionString: ownerUrl,
    max: concurrency + 2,
    application_name: 'pivotal-worker',
    connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
  });
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
    taskList: taskListOf(tasks, deps),
    crontab,
    logger,
    events: liveness.events,
  }).then((runner) => {
    log.info({ concurrency }, 'workers started');
    // An SLA evaluation at once: what changed while no worker ran (a seed, an import, the time) is found now.
    runner
      .addJob(SLA_EVALUATE_TASK, {}, { queueName: 'sla', jobKey: SLA_EVALUATE_TASK, jobKeyMode: 'preserve_run_at' })
      .catch((err: Error) => log.warn({ err: err.message }, 'could not queue the first SLA evaluation'));
    const listener = queueWebhooksOnEvents(ownerUrl, runner, log);
    const mailListener = queueMailSyncOnNotify(ownerUrl, runner, log);
    const sendListener = queueMailSendOnNotify(ownerUrl, runner, log);
    const slaListener = queueSlaOnNotify(ownerUrl, runner, log);
    const stop = runner.stop;
    return Object.assign(runner, {
      pool,
      async stop(reason?: string) {
        await listener.close();
        await mailListener.close();
        await sendListener.close();
        await slaListener.close();
        await stop(reason);
        await liveness.close();
        await owner.close();
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
        .addJob(
          task,
          {},
          { ...spec, jobKeyMode: 'preserve_run_at', maxAttempts: 1, runAt: new Date(Date.now() + 1_000) },
        )
        .catch((err: Error) => log.warn({ err: err.message }, 'could not queue webhook delivery'));
    },
  });
}
