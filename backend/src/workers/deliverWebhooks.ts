import type { Task } from 'graphile-worker';
import { deliverDue } from '../domains/events/webhooks/deliver';
import { workerKnex } from './ownerKnex';

/** Task name, queue and job key of the webhook run (one at a time: a named queue runs its jobs serially). */
export const WEBHOOK_JOB = { task: 'deliver_webhooks', queueName: 'webhooks', jobKey: 'deliver_webhooks' } as const;

/** Enqueues deliveries for new outbox events and sends the due ones, for every tenant, through the outbound fence (public addresses only, no redirects). */
export const deliverWebhooks: Task = async (_payload, helpers) => {
  const report = await deliverDue(workerKnex());
  if (report.enqueued + report.delivered + report.retrying + report.failed > 0) {
    helpers.logger.info(`webhooks: ${report.enqueued} queued, ${report.delivered} delivered, ${report.retrying} to retry, ${report.failed} failed`);
  }
  for (const error of report.tenantErrors) helpers.logger.error(`webhooks: tenant ${error}`);
};
