import type { Task } from 'graphile-worker';
import { mailRuntime } from '../domains/mail/sync/runtime';
import { MAIL_SUBSCRIPTION_TASK, mailSubscriptionJobKey } from '../domains/mail/webhooks/jobs';
import { mailboxesNeedingMaintenance, maintainMailboxSubscriptions } from '../domains/mail/webhooks/subscriptionManager';
import { MailboxAuthError } from '../integrations/graph/mailboxAccess';
import { workerKnex } from './ownerKnex';

type Payload = { tenantId: string; mailboxId: string };
const isPayload = (v: unknown): v is Payload => typeof v === 'object' && v !== null && typeof (v as Payload).tenantId === 'string' && typeof (v as Payload).mailboxId === 'string';

/** Repairs one mailbox's subscriptions (lifecycle events, renewals, folders without one); retried on failure. */
export const mailSubscriptionMaintain: Task = async (payload, helpers) => {
  const runtime = mailRuntime();
  if (!runtime?.notificationBaseUrl || !isPayload(payload)) return helpers.logger.warn('mail subscriptions: no Graph adapter or public URL in this process, or a bad payload');
  try {
    const done = await maintainMailboxSubscriptions({ knex: workerKnex(), adapter: runtime.adapter, notificationBaseUrl: runtime.notificationBaseUrl }, payload.tenantId, payload.mailboxId);
    if (done.failed.length > 0) throw new Error(`mail subscriptions ${payload.mailboxId}: ${done.failed.join('; ')}`);
  } catch (error) {
    if (error instanceof MailboxAuthError) return helpers.logger.warn(`mail subscriptions ${payload.mailboxId}: ${error.message}`);
    throw error;
  }
};

/** The renewal cron: queues a repair for every mailbox whose subscriptions expire within 12 hours or need one. */
export const mailSubscriptionsRenew: Task = async (_payload, helpers) => {
  if (!mailRuntime()?.notificationBaseUrl) return;
  for (const job of await mailboxesNeedingMaintenance(workerKnex(), new Date())) {
    const key = mailSubscriptionJobKey(job.mailboxId);
    await helpers.addJob(MAIL_SUBSCRIPTION_TASK, job, { queueName: key, jobKey: key, jobKeyMode: 'preserve_run_at', maxAttempts: 10 });
  }
};
