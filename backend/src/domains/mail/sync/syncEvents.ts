import type { EventName, EventPayload, MailFolder } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { appendEvents } from '#domains/events/append';
import { eventToAppend } from '#domains/events/reaction';
import type { SyncMailbox } from './messageRows';

/** The actor of events the mail workers write. */
export const MAIL_WORKER_ACTOR = 'system:mail-sync';

/** Writes one event to the outbox in the worker's tenant transaction. */
export async function emitMailEvent<E extends EventName>(
  trx: Knex.Transaction,
  tenantId: string,
  name: E,
  payload: EventPayload<E>,
  clientId: string | null = null,
): Promise<void> {
  await appendEvents(trx, tenantId, [eventToAppend({ name, payload, clientId, actor: MAIL_WORKER_ACTOR })]);
}

/** `mail.synced` for a folder run that finished a delta round, with the run's counts. */
export async function emitSynced(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  externalFolderId: string,
  counts: { added: number; updated: number; removed: number },
): Promise<void> {
  const row = (await trx('mailFolderSync')
    .where({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, externalFolderId })
    .first('folder', 'backfillComplete')) as { folder: MailFolder; backfillComplete: boolean } | undefined;
  // No mailbox id: mail events reach every event.read holder and webhook (see the payload schemas).
  await emitMailEvent(trx, mailbox.tenantId, 'mail.synced', {
    userId: mailbox.userId,
    folder: row?.folder ?? null,
    added: counts.added,
    updated: counts.updated,
    removed: counts.removed,
    backfillComplete: row?.backfillComplete ?? false,
  });
}
