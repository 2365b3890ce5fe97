import type { ICachePlugin } from '@azure/msal-node';
import type { Knex } from 'knex';
import { openText, seal } from '#security/sealing';

/**
 * msal-node's cache plugin over `mailbox_accounts.encrypted_tokens`: the per-mailbox token cache is opened
 * before MSAL reads it and sealed back (AES-256-GCM, tenant data key) whenever MSAL changed it. `trx` is the
 * transaction holding the mailbox row lock, so a refresh and its cache write are one atomic step.
 */
export function sealedCachePlugin(
  trx: Knex.Transaction,
  tenantId: string,
  mailboxId: string,
  sealed: Buffer | null,
): ICachePlugin {
  let blob = sealed;
  return {
    async beforeCacheAccess(context) {
      if (blob) context.tokenCache.deserialize(await openText(trx, tenantId, blob));
    },
    async afterCacheAccess(context) {
      if (!context.cacheHasChanged) return;
      blob = await seal(trx, tenantId, context.tokenCache.serialize());
      await trx('mailboxAccounts')
        .where({ tenantId, id: mailboxId })
        .update({ encryptedTokens: blob, updatedAt: new Date() });
    },
  };
}
