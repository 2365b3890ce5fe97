import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { MailboxAuthError, type MailboxAccess, type MailboxRef } from '#integrations/graph/mailboxAccess';
import { NoCachedAccountError, type O365Auth } from '#integrations/graph/msal/o365Auth';
import { appendEvents } from '#domains/events/append';
import { sealedCachePlugin } from './sealedCache';

/** A `mailbox_accounts` row as the token code reads it. */
type MailboxRow = {
  tenantId: string;
  id: string;
  userId: string;
  address: string | null;
  status: string;
  scopes: string[];
  encryptedTokens: Buffer | null;
  meta: Record<string, unknown>;
  version: number;
};

/** The consent is gone for good (reconnecting is the only way back), as opposed to a transient failure. */
function consentLost(error: unknown): { reason: string; message: string } | null {
  if (error instanceof NoCachedAccountError) return { reason: 'no_cached_account', message: error.message };
  if (error instanceof InteractionRequiredAuthError)
    return { reason: error.errorCode || 'interaction_required', message: error.errorMessage };
  if (error instanceof ServerError && error.errorCode === 'invalid_grant')
    return { reason: 'invalid_grant', message: error.errorMessage };
  return null;
}

/**
 * Marks the mailbox `error` with the reason in `meta.authError` and tells the owner: a high-priority task
 * "Reconnect your mailbox" in their queue (and its `task.created` event, which the bot relays). One task per
 * failure episode: a mailbox already in error makes none.
 */
export async function markConsentLost(
  trx: Knex.Transaction,
  row: MailboxRow,
  failure: { reason: string; message: string },
  now: Date,
): Promise<void> {
  await trx('mailboxAccounts')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({
      status: 'error',
      meta: JSON.stringify({
        ...row.meta,
        authError: { reason: failure.reason, message: failure.message, at: now.toISOString() },
      }),
      version: row.version + 1,
      updatedAt: now,
    });
  const taskId = uuidv7();
  const title = `Reconnect your Office 365 mailbox${row.address ? ` ${row.address}` : ''}`;
  await trx('tasks').insert({
    tenantId: row.tenantId,
    id: taskId,
    type: 'todo',
    title,
    ownerId: row.userId,
    dueAt: now,
    priority: 'high',
    status: 'open',
    origin: 'manual',
    notes: `Pivotal can no longer read or send this mailbox's mail (${failure.reason}). Connect it again from Settings > Mailbox.`,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await appendEvents(trx, row.tenantId, [
    {
      name: 'task.created',
      occurredAt: now,
      actor: 'system:mailbox',
      clientId: null,
      payload: {
        taskId,
        type: 'todo',
        ownerId: row.userId,
        opportunityId: null,
        contactId: null,
        dueAt: now.toISOString(),
        origin: 'manual',
      },
    },
  ]);
}

/**
 * The identity side of `MailboxAccess`: each acquisition locks the mailbox row (`SELECT ... FOR UPDATE`), so
 * concurrent workers never redeem the same refresh token twice, reads the sealed MSAL cache, refreshes against
 * the account's own tenant authority when needed and seals the cache back in the same transaction. A lost
 * consent sets the status `error` (committed) and throws `MailboxAuthError`.
 */
export function createMailboxAccess(deps: {
  knex: Knex;
  o365: O365Auth;
  now?: () => Date;
  forceRefresh?: boolean;
}): MailboxAccess {
  const now = deps.now ?? (() => new Date());
  return {
    async accessToken(ref: MailboxRef): Promise<string> {
      const outcome = await withTenant<{ token: string } | { failed: string }>(
        deps.knex,
        systemScope(ref.tenantId, 'all'),
        async (trx) => {
          const row = (await trx('mailboxAccounts')
            .where({ tenantId: ref.tenantId, id: ref.mailboxId })
            .forUpdate()
            .first()) as MailboxRow | undefined;
          if (!row) return { failed: 'not_found' };
          if (row.status !== 'connected' || !row.encryptedTokens) {
            const previous = (row.meta.authError as { reason?: string } | undefined)?.reason;
            return { failed: row.status === 'error' && previous ? previous : 'not_connected' };
          }
          try {
            const cachePlugin = sealedCachePlugin(trx, row.tenantId, row.id, row.encryptedTokens);
            const homeAccountId = typeof row.meta.homeAccountId === 'string' ? row.meta.homeAccountId : null;
            const result = await deps.o365.silent({
              cachePlugin,
              homeAccountId,
              scopes: row.scopes,
              ...(deps.forceRefresh ? { forceRefresh: true } : {}),
            });
            return { token: result.accessToken };
          } catch (error) {
            const lost = consentLost(error);
            if (!lost) throw error;
            await markConsentLost(trx, row, lost, now());
            return { failed: lost.reason };
          }
        },
      );
      if ('failed' in outcome) throw new MailboxAuthError(outcome.failed);
      return outcome.token;
    },
  };
}
