import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { systemScope, withTenant } from '#db/tenantTx';
import { MAIL_SYNC_TASK_NAME, MAIL_SUBSCRIPTION_TASK, mailSubscriptionJobKey, mailSyncJobKey } from './jobs';
import { GRAPH_LIFECYCLE_PATH, GRAPH_NOTIFICATIONS_PATH, clientStateMatches } from './clientState';

/** What the webhook routes need: the app-role knex and a logger. */
export type GraphWebhookDeps = { knex: Knex; log: Logger };

type Route = { tenant_id: string; mailbox_id: string; client_state_hash: string; status: string };
type Item = { subscriptionId?: unknown; clientState?: unknown; lifecycleEvent?: unknown; changeType?: unknown };
type Verified = { item: Item; route: Route; subscriptionId: string };

/**
 * Graph's validation handshake (`?validationToken=`): echoed as text/plain only while one of our subscription
 * creations is in flight (a `mail_subscription_pending` row), so a forged handshake learns and confirms nothing.
 */
async function validation(ctx: Context, deps: GraphWebhookDeps): Promise<boolean> {
  const token = ctx.query.validationToken;
  if (token === undefined) return false;
  const pending = (await deps.knex.raw('select mail_subscription_validation_pending() as pending')).rows[0] as {
    pending: boolean;
  };
  if (typeof token !== 'string' || token.length === 0 || token.length > 1_024 || !pending.pending) {
    deps.log.warn({ path: ctx.path }, 'graph webhook: validation request with no subscription being created, refused');
    ctx.status = 400;
    ctx.type = 'text/plain';
    ctx.body = 'No subscription is being created.';
    return true;
  }
  ctx.status = 200;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = token;
  return true;
}

/**
 * Checks every item's clientState against its subscription's stored hash. Items of subscriptions we do not know
 * (deleted meanwhile) are dropped; one item with a wrong clientState rejects the whole batch.
 */
async function verifyBatch(ctx: Context, deps: GraphWebhookDeps): Promise<Verified[] | null> {
  const body = ctx.request.body as { value?: unknown } | undefined;
  const items = Array.isArray(body?.value) ? (body.value as Item[]) : null;
  if (!items || items.length === 0 || items.length > 1_000) {
    ctx.status = 400;
    ctx.body = { error: { code: 'validation_failed', message: 'Expected { value: [notification, ...] }' } };
    return null;
  }
  const routes = new Map<string, Route | null>();
  const verified: Verified[] = [];
  const rejected: Route[] = [];
  for (const item of items) {
    const subscriptionId = typeof item?.subscriptionId === 'string' ? item.subscriptionId : '';
    if (!routes.has(subscriptionId)) {
      const found = subscriptionId
        ? ((await deps.knex.raw('select * from mail_subscription_route(?)', [subscriptionId])).rows[0] as
            Route | undefined)
        : undefined;
      routes.set(subscriptionId, found ?? null);
    }
    const route = routes.get(subscriptionId);
    if (!route) continue;
    if (!clientStateMatches(item.clientState, route.client_state_hash)) rejected.push(route);
    else verified.push({ item, route, subscriptionId });
  }
  if (rejected.length > 0) {
    deps.log.warn(
      { path: ctx.path, items: items.length, rejected: rejected.length },
      'graph webhook: clientState mismatch, batch rejected',
    );
    for (const route of new Set(rejected)) {
      await withTenant(deps.knex, systemScope(route.tenant_id, 'all'), (trx) =>
        trx('mailSubscriptions')
          .where({ tenantId: route.tenant_id, mailboxId: route.mailbox_id })
          .whereIn(
            'subscriptionId',
            items.map((i) => String(i.subscriptionId)),
          )
          .increment('rejectedCount', 1),
      );
    }
    ctx.status = 403;
    ctx.body = { error: { code: 'forbidden', message: 'clientState mismatch' } };
    return null;
  }
  if (verified.length < items.length)
    deps.log.info(
      { dropped: items.length - verified.length },
      'graph webhook: notifications for unknown subscriptions dropped',
    );
  return verified;
}

const queue = (trx: Knex.Transaction, task: string, payload: object, jobKey: string) =>
  trx.raw('select queue_mail_job(?, ?::json, ?)', [task, JSON.stringify(payload), jobKey]);

/** Change notifications: each (mailbox, folder) gets its folder marked requested and a keyed sync job; 202 at once. */
async function changes(deps: GraphWebhookDeps, verified: Verified[]): Promise<void> {
  const byMailbox = new Map<string, { tenantId: string; mailboxId: string; subscriptionIds: Set<string> }>();
  for (const v of verified) {
    const key = `${v.route.tenant_id}:${v.route.mailbox_id}`;
    const entry = byMailbox.get(key) ?? {
      tenantId: v.route.tenant_id,
      mailboxId: v.route.mailbox_id,
      subscriptionIds: new Set<string>(),
    };
    entry.subscriptionIds.add(v.subscriptionId);
    byMailbox.set(key, entry);
  }
  for (const { tenantId, mailboxId, subscriptionIds } of byMailbox.values()) {
    await withTenant(deps.knex, systemScope(tenantId, 'all'), async (trx) => {
      const subs = (await trx('mailSubscriptions')
        .where({ tenantId, mailboxId })
        .whereIn('subscriptionId', [...subscriptionIds])
        .update({ lastNotifiedAt: trx.fn.now() })
        .returning('externalFolderId')) as { externalFolderId: string | null }[];
      const folderIds = [...new Set(subs.map((s) => s.externalFolderId).filter((f): f is string => f !== null))];
      if (folderIds.length === 0) return;
      await trx('mailFolderSync')
        .where({ tenantId, mailboxId })
        .whereIn('externalFolderId', folderIds)
        .update({ requestedAt: trx.fn.now() });
      await queue(trx, MAIL_SYNC_TASK_NAME, { tenantId, mailboxId, folderIds }, mailSyncJobKey(mailboxId));
    });
  }
}

/** Lifecycle notifications: reauthorize (renew), recreate a removed subscription, or a full delta round after `missed`. */
async function lifecycle(deps: GraphWebhookDeps, verified: Verified[]): Promise<void> {
  for (const { item, route, subscriptionId } of verified) {
    const event = typeof item.lifecycleEvent === 'string' ? item.lifecycleEvent : '';
    const { tenant_id: tenantId, mailbox_id: mailboxId } = route;
    await withTenant(deps.knex, systemScope(tenantId, 'all'), async (trx) => {
      const where = { tenantId, mailboxId, subscriptionId };
      if (event === 'reauthorizationRequired' || event === 'subscriptionRemoved') {
        const status = event === 'subscriptionRemoved' ? 'removed' : 'reauthorize';
        await trx('mailSubscriptions')
          .where(where)
          .update({ status, lastLifecycleEvent: event, updatedAt: trx.fn.now() });
        await queue(trx, MAIL_SUBSCRIPTION_TASK, { tenantId, mailboxId }, mailSubscriptionJobKey(mailboxId));
      } else if (event === 'missed') {
        // Notifications were lost: every folder of the mailbox gets a delta round.
        await trx('mailSubscriptions').where(where).update({ lastLifecycleEvent: event, updatedAt: trx.fn.now() });
        await trx('mailFolderSync').where({ tenantId, mailboxId, enabled: true }).update({ requestedAt: trx.fn.now() });
        await queue(trx, MAIL_SYNC_TASK_NAME, { tenantId, mailboxId }, mailSyncJobKey(mailboxId));
      } else {
        deps.log.info({ event }, 'graph webhook: unknown lifecycle event ignored');
      }
    });
  }
}

/**
 * Mounts the O365 webhook processor's public endpoints. Both answer the validation handshake; notifications are
 * verified (clientState), turned into queued jobs (no Graph call inline) and acknowledged with 202.
 */
export function mountGraphWebhooks(router: Router, deps: GraphWebhookDeps): void {
  for (const [path, handle] of [
    [GRAPH_NOTIFICATIONS_PATH, changes],
    [GRAPH_LIFECYCLE_PATH, lifecycle],
  ] as const) {
    router.post(path, async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      if (await validation(ctx, deps)) return;
      const verified = await verifyBatch(ctx, deps);
      if (!verified) return;
      await handle(deps, verified);
      ctx.status = 202;
    });
  }
}
