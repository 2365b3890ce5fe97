import type { JobHelpers } from 'graphile-worker';
import { deliverDue } from '#domains/bot/delivery';
import { enqueueDigests, enqueueNbaPrompts } from '#domains/bot/digests';
import { botRuntime } from '#domains/bot/runtime';
import { defineTask } from './task';

/** The task that sends the queued proactive cards. */
export const BOT_DELIVER_TASK = 'bot_deliver';

/** Queues a delivery run now (merged with a waiting one, in the bot's queue like the minute's). */
export function queueDelivery(helpers: Pick<JobHelpers, 'addJob'>): Promise<unknown> {
  return helpers.addJob(
    BOT_DELIVER_TASK,
    {},
    { jobKey: BOT_DELIVER_TASK, jobKeyMode: 'preserve_run_at', queueName: 'bot' },
  );
}

/**
 * Sends the due proactive cards (paced, retried, each once): every minute, and at once when the SLA engine queued
 * some. Does nothing in a process without the bot.
 */
export const botDeliver = defineTask({
  name: BOT_DELIVER_TASK,
  schedule: { cron: '* * * * *', queue: 'bot' },
  async run(_payload, deps, helpers) {
    const runtime = botRuntime();
    if (!runtime) return;
    const report = await deliverDue(deps.knex(), runtime);
    if (report.sent + report.failed + report.skipped > 0)
      helpers.logger.info(
        `bot: ${report.sent} sent, ${report.skipped} skipped, ${report.deferred} deferred, ${report.failed} failed`,
      );
  },
});

/**
 * Queues the managers' digests that are due (08:00 local on working days; Mondays the weekly) and the sellers' daily
 * Next Best Action prompt (09:00 local), once each.
 */
export const botDigests = defineTask({
  name: 'bot_digests',
  schedule: { cron: '*/15 * * * *', queue: 'bot' },
  async run(_payload, deps, helpers) {
    const now = new Date();
    const queued = (await enqueueDigests(deps.knex(), now)) + (await enqueueNbaPrompts(deps.knex(), now));
    if (queued > 0) {
      helpers.logger.info(`bot: ${queued} digests and prompts queued`);
      await queueDelivery(helpers);
    }
  },
});
