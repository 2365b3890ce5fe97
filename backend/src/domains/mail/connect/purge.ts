import type { Knex } from 'knex';

/**
 * Tables holding cached message bodies, keyed by (tenant_id, mailbox_id): a disconnected mailbox's cached
 * bodies are deleted from each. The body cache adds its table here.
 */
export const CACHED_BODY_TABLES: readonly string[] = ['mail_body_cache'];

/** Meta keys dropped on disconnect: Graph subscriptions, the MSAL account and a past auth error. */
const DROPPED_META = ['subscriptions', 'homeAccountId', 'entraTenantId', 'authError'];

/**
 * Destroys what a disconnected mailbox must not keep: the sealed token cache, its subscriptions (in `meta`) and
 * its cached bodies. The message index stays (metadata only), so a reconnect resumes without re-importing.
 */
export async function purgeMailboxSecrets(trx: Knex.Transaction, tenantId: string, mailboxId: string, meta: Record<string, unknown>): Promise<Record<string, unknown>> {
  for (const table of CACHED_BODY_TABLES) await trx(table).where({ tenantId, mailboxId }).delete();
  return Object.fromEntries(Object.entries(meta).filter(([k]) => !DROPPED_META.includes(k)));
}
