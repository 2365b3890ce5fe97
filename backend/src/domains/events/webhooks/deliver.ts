import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import { compareCursors, cursorOf, presentEvent, type OutboxRow } from '../outbox';
import { enqueueDeliveries } from './enqueue';
import { openText } from '#security/sealing';
import { postOutbound, statusError, type OutboundPost } from '#security/outboundUrlHttp';
import { deliveryBackoffMs, MAX_ATTEMPTS, signWebhook } from './signature';

/** What one run did, summed over tenants. */
export type DeliveryReport = {
  enqueued: number;
  delivered: number;
  retrying: number;
  failed: number;
  tenantErrors: string[];
};

export type DeliverOptions = {
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Deliveries claimed (and sent concurrently) at once; default 25. */
  batchSize?: number;
  /** Stop claiming new batches after this long; default 45 s (the cron runs every minute). */
  budgetMs?: number;
  random?: () => number;
};

type Claimed = {
  id: string;
  webhookId: string;
  eventSeq: number;
  attempts: number;
  url: string;
  secret: string;
  event: OutboxRow;
};
type Outcome = { ok: boolean; status: number | null; error: string | null };

/** A claimed delivery is not due again for this long (a crashed worker's claims come back by themselves). */
const LEASE_MS = 120_000;

/**
 * The webhook worker's run: for every tenant, enqueue deliveries for new events, then claim the due ones
 * (lease), POST them signed outside any transaction, and record each outcome (2xx: delivered; otherwise, a
 * redirect or a refused target included, retry with exponential backoff, failed after MAX_ATTEMPTS). `post` is
 * the outbound fence (`security/outboundUrlHttp.ts`): public addresses only, checked on the address connected
 * to, no redirects. `knex` is the OWNER connection; every tenant is handled in transactions scoped to it,
 * since FORCE RLS applies to a non-superuser owner as well.
 */
export async function deliverDue(
  knex: Knex,
  now: Date = new Date(),
  post: OutboundPost = postOutbound,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { enqueued: 0, delivered: 0, retrying: 0, failed: 0, tenantErrors: [] };
  const started = Date.now();
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id: tenantId } of tenants) {
    try {
      await deliverTenant(knex, tenantId, now, post, options, report, started);
    } catch (err) {
      // One tenant's trouble must not stop the others; its claims come back when their lease ends.
      report.tenantErrors.push(`${tenantId}: ${(err as Error).message}`);
    }
  }
  return report;
}

async function deliverTenant(
  knex: Knex,
  tenantId: string,
  now: Date,
  post: OutboundPost,
  options: DeliverOptions,
  report: DeliveryReport,
  started: number,
): Promise<void> {
  const scope = systemScope(tenantId);
  const batchSize = options.batchSize ?? 25;
  for (;;) {
    const claimed = await withTenant(knex, scope, async (trx) => {
      report.enqueued += await enqueueDeliveries(trx, tenantId, now);
      return claimDue(trx, tenantId, now, batchSize);
    });
    if (claimed.length === 0) return;
    const outcomes = await Promise.all(claimed.map((d) => send(d, post, options.timeoutMs ?? 10_000)));
    await withTenant(knex, scope, async (trx) => {
      for (const [i, d] of claimed.entries()) {
        const state = await record(trx, tenantId, d, outcomes[i]!, now, options.random ?? Math.random);
        report[state] += 1;
      }
    });
    if (claimed.length < batchSize || Date.now() - started > (options.budgetMs ?? 45_000)) return;
  }
}

async function claimDue(trx: Knex.Transaction, tenantId: string, now: Date, limit: number): Promise<Claimed[]> {
  const { rows } = (await trx.raw(
    `UPDATE webhook_deliveries d SET next_attempt_at = ?, updated_at = ?
      WHERE d.tenant_id = ? AND d.id IN (
        SELECT p.id FROM webhook_deliveries p JOIN events e ON e.tenant_id = p.tenant_id AND e.seq = p.event_seq
         WHERE p.tenant_id = ? AND p.status = 'pending' AND p.next_attempt_at <= ?
         ORDER BY p.next_attempt_at, e.tx_id, e.seq LIMIT ? FOR UPDATE OF p SKIP LOCKED)
      RETURNING d.id, d.webhook_id, d.event_seq, d.attempts`,
    [new Date(now.getTime() + LEASE_MS), now, tenantId, tenantId, now, limit],
  )) as { rows: { id: string; webhook_id: string; event_seq: number; attempts: number }[] };
  if (rows.length === 0) return [];
  const sealed = (await trx('webhooks')
    .select('id', 'url', 'secretSealed')
    .where({ tenantId })
    .whereIn('id', [...new Set(rows.map((r) => r.webhook_id))])) as { id: string; url: string; secretSealed: Buffer }[];
  const webhooks = await Promise.all(
    sealed.map(async (w) => ({ id: w.id, url: w.url, secret: await openText(trx, tenantId, w.secretSealed) })),
  );
  const events = (await trx('events')
    .select('tenantId', 'seq', 'txId', 'id', 'name', 'occurredAt', 'actor', 'clientId', 'payload')
    .where({ tenantId })
    .whereIn(
      'seq',
      rows.map((r) => r.event_seq),
    )) as OutboxRow[];
  const hookById = new Map(webhooks.map((w) => [w.id, w]));
  const eventBySeq = new Map(events.map((e) => [e.seq, e]));
  return rows
    .flatMap((r) => {
      const hook = hookById.get(r.webhook_id);
      const event = eventBySeq.get(r.event_seq);
      return hook && event
        ? [
            {
              id: r.id,
              webhookId: r.webhook_id,
              eventSeq: r.event_seq,
              attempts: r.attempts,
              url: hook.url,
              secret: hook.secret,
              event,
            },
          ]
        : [];
    })
    .sort((a, b) => compareCursors(cursorOf(a.event), cursorOf(b.event)));
}

async function send(d: Claimed, post: OutboundPost, timeoutMs: number): Promise<Outcome> {
  const body = JSON.stringify(presentEvent(d.event));
  try {
    const { status } = await post(d.url, {
      timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pivotal-Webhooks/1',
        'pivotal-signature': signWebhook(d.secret, body, Math.floor(Date.now() / 1000)),
        'pivotal-event': d.event.name,
        'pivotal-delivery': d.id,
      },
      body,
    });
    const ok = status >= 200 && status < 300;
    return { ok, status, error: ok ? null : statusError(status) };
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message.slice(0, 500) };
  }
}

async function record(
  trx: Knex.Transaction,
  tenantId: string,
  d: Claimed,
  o: Outcome,
  now: Date,
  random: () => number,
): Promise<'delivered' | 'retrying' | 'failed'> {
  const attempts = d.attempts + 1;
  const where = { tenantId, id: d.id };
  const hook = trx('webhooks').where({ tenantId, id: d.webhookId });
  if (o.ok) {
    await trx('webhookDeliveries').where(where).update({
      status: 'delivered',
      attempts,
      lastStatus: o.status,
      lastError: null,
      deliveredAt: now,
      nextAttemptAt: null,
      updatedAt: now,
    });
    await hook.update({ failureCount: 0, lastDeliveryAt: now });
    return 'delivered';
  }
  const failed = attempts >= MAX_ATTEMPTS;
  await trx('webhookDeliveries')
    .where(where)
    .update({
      status: failed ? 'failed' : 'pending',
      attempts,
      lastStatus: o.status,
      lastError: o.error,
      nextAttemptAt: failed ? null : new Date(now.getTime() + deliveryBackoffMs(attempts, random)),
      updatedAt: now,
    });
  await hook.increment('failureCount', 1);
  return failed ? 'failed' : 'retrying';
}
