import { deliverDue } from '#domains/events/webhooks/deliver';
import { defineTask } from './task';

/** Task name, queue and job key of the webhook run (one at a time: a named queue runs its jobs serially). */
export const WEBHOOK_JOB = { task: 'deliver_webhooks', queueName: 'webhooks', jobKey: 'deliver_webhooks' } as const;

/**
 * Enqueues deliveries for new outbox events and sends the due ones, for every tenant, through the outbound fence
 * (public addresses only, no redirects). Every minute; new events also queue a run at once (the events listener).
 */
export const deliverWebhooks = defineTask({
  name: WEBHOOK_JOB.task,
  schedule: { cron: '* * * * *', queue: WEBHOOK_JOB.queueName },
  async run(_payload, deps, helpers) {
    const report = await deliverDue(deps.knex());
    if (report.enqueued + report.delivered + report.retrying + report.failed > 0) {
      helpers.logger.info(
        `webhooks: ${report.enqueued} queued, ${report.delivered} delivered, ${report.retrying} to retry, ${report.failed} failed`,
      );
    }
    for (const error of report.tenantErrors) helpers.logger.error(`webhooks: tenant ${error}`);
  },
});
