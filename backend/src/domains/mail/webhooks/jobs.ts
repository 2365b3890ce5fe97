/** The mail sync task (`workers/mailSync.ts`); webhook jobs carry `folderIds`. */
export const MAIL_SYNC_TASK_NAME = 'mail_sync_mailbox';
/** The subscription repair task: renew, reauthorize, recreate or create a mailbox's subscriptions. */
export const MAIL_SUBSCRIPTION_TASK = 'mail_subscription_maintain';
/** The job key (and queue) of a mailbox's syncs: repeated requests merge into one waiting job. */
export const mailSyncJobKey = (mailboxId: string) => `mail-sync:${mailboxId}`;
/** The job key (and queue) of a mailbox's subscription repairs. */
export const mailSubscriptionJobKey = (mailboxId: string) => `mail-subs:${mailboxId}`;
