import type { Knex } from 'knex';
import type { OpContext } from '#http/types';
import { mailRuntime } from '../sync/runtime';
import { deleteAtGraph } from '../webhooks/subscriptionManager';

/**
 * Tables holding cached message bodies, keyed by (tenant_id, mailbox_id): a disconnected mailbox's cached
 * bodies are deleted from each. The body cache adds its table here.
 */
export const CACHED_BODY_TABLES: readonly string[] = ['mail_body_cache'];

/** Meta keys dropped on disconnect: Graph subscriptions, the MSAL account and a past auth error. */
const DROPPED_META = ['subscriptions', 'homeAccountId', 'entraTenantId', 'authError'];

/** Graph calls on disconnect get this long in all (best effort: Graph expires what is left within 3 days). */
const GRAPH_BUDGET_MS = 3_000;

/**
 * Destroys what a disconnected mailbox must not keep: the sealed token cache, its Graph subscriptions (rows and
 * pending creations), its cached bodies (body tables and the index's body pointers). The message index stays
 * (metadata only), so a reconnect resumes without re-importing.
 */
export async function purgeMailboxSecrets(
  trx: Knex.Transaction,
  tenantId: string,
  mailboxId: string,
  meta: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  for (const table of CACHED_BODY_TABLES) await trx(table).where({ tenantId, mailboxId }).delete();
  await trx('messageIndex').where({ tenantId, mailboxId }).whereNotNull('bodyPointer').update({ bodyPointer: null });
  await trx('mailSubscriptions').where({ tenantId, mailboxId }).delete();
  await trx('mailSubscriptionPending').where({ tenantId, mailboxId }).delete();
  return Object.fromEntries(Object.entries(meta).filter(([k]) => !DROPPED_META.includes(k)));
}

/**
 * Best effort, before the mailbox is disconnected: deletes its subscriptions at Graph with the token it still
 * has, within a 3-second budget. A failure is logged and ignored; the rows are deleted in any case.
 */
export async function deleteGraphSubscriptions(ctx: OpContext, mailboxId: string | undefined): Promise<void> {
  const runtime = mailRuntime();
  if (!runtime) return;
  const { tenantId, userId } = ctx.principal;
  const query = ctx
    .trx('mailboxAccounts as m')
    .join('mailSubscriptions as s', function joinSubs() {
      this.on('s.tenantId', 'm.tenantId').andOn('s.mailboxId', 'm.id');
    })
    .where({ 'm.tenantId': tenantId, 'm.provider': 'o365', 'm.userId': userId, 'm.status': 'connected' })
    .select('m.id', ctx.trx.raw("coalesce(m.address, m.meta ->> 'address') as address"), 's.subscriptionId');
  if (mailboxId) query.where('m.id', mailboxId);
  const rows = (await query) as { id: string; address: string | null; subscriptionId: string }[];
  if (rows.length === 0) return;
  const deadline = AbortSignal.timeout(GRAPH_BUDGET_MS);
  const work = Promise.allSettled(
    rows.map((r) =>
      deleteAtGraph(runtime.adapter, { tenantId, mailboxId: r.id, address: r.address ?? '' }, r.subscriptionId),
    ),
  );
  const outcome = await Promise.race([
    work,
    new Promise<null>((resolve) => deadline.addEventListener('abort', () => resolve(null))),
  ]);
  const failed = outcome === null ? rows.length : outcome.filter((o) => o.status === 'rejected').length;
  if (failed > 0)
    ctx.log.warn(
      { mailboxId: rows[0]!.id, failed },
      'mailbox.disconnect: some Graph subscriptions were not deleted (they expire within 3 days)',
    );
}
