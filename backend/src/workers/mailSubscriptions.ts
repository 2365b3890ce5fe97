import { mailRuntime } from '#domains/mail/sync/runtime';
import { MAIL_SUBSCRIPTION_TASK, mailSubscriptionJobKey } from '#domains/mail/webhooks/jobs';
import { mailboxesNeedingMaintenance, maintainMailboxSubscriptions } from '#domains/mail/webhooks/subscriptionManager';
import { MailboxAuthError } from '#integrations/graph/mailboxAccess';
import { defineTask } from './task';

type Payload = { tenantId: string; mailboxId: string };
const isPayload = (v: unknown): v is Payload =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Payload).tenantId === 'string' &&
  typeof (v as Payload).mailboxId === 'string';

/** Repairs one mailbox's subscriptions (lifecycle events, renewals, folders without one); retried on failure. */
export const mailSubscriptionMaintain = defineTask({
  name: MAIL_SUBSCRIPTION_TASK,
  maxAttempts: 10,
  accepts: isPayload,
  async run(payload, deps, helpers) {
    const runtime = mailRuntime();
    if (!runtime?.notificationBaseUrl)
      return helpers.logger.warn('mail subscriptions: no Graph adapter or public URL in this process');
    try {
      const done = await maintainMailboxSubscriptions(
        { knex: deps.knex(), adapter: runtime.adapter, notificationBaseUrl: runtime.notificationBaseUrl },
        payload.tenantId,
        payload.mailboxId,
      );
      if (done.failed.length > 0) throw new Error(`mail subscriptions ${payload.mailboxId}: ${done.failed.join('; ')}`);
    } catch (error) {
      if (error instanceof MailboxAuthError)
        return helpers.logger.warn(`mail subscriptions ${payload.mailboxId}: ${error.message}`);
      throw error;
    }
  },
});

/**
 * The renewal cron: every 30 minutes, queues a repair for every mailbox whose subscriptions expire within 12 hours
 * or need one (well before Graph's 4,230-minute limit).
 */
export const mailSubscriptionsRenew = defineTask({
  name: 'mail_subscriptions_renew',
  schedule: { cron: '*/30 * * * *', queue: 'mail-tick' },
  async run(_payload, deps, helpers) {
    if (!mailRuntime()?.notificationBaseUrl) return;
    for (const job of await mailboxesNeedingMaintenance(deps.knex(), new Date())) {
      const key = mailSubscriptionJobKey(job.mailboxId);
      await helpers.addJob(MAIL_SUBSCRIPTION_TASK, job, {
        queueName: key,
        jobKey: key,
        jobKeyMode: 'preserve_run_at',
        maxAttempts: mailSubscriptionMaintain.maxAttempts!,
      });
    }
  },
});
