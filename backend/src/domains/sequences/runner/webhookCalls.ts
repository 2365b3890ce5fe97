import type { Knex } from 'knex';
import { backoffMs } from '#lib/backoff';
import type { SequenceWebhooks } from '../ports';
import { sequenceWebhookSecret, signedWebhookCall } from '../webhookSecret';
import { MAX_ATTEMPTS } from './decide';
import type { Outcome } from './outcome';
import { STEP_RETRY_BACKOFF } from './recovery';

/**
 * Webhook steps call out before anything is written, signed with the tenant's sequence webhook secret; a failed
 * call retries the step later (same Idempotency-Key).
 */
export async function callWebhooks(
  trx: Knex.Transaction,
  tenantId: string,
  outcomes: Outcome[],
  webhooks: SequenceWebhooks,
  now: Date,
): Promise<Outcome[]> {
  const calls = outcomes.filter((o) => o.webhook);
  if (calls.length === 0) return outcomes;
  const secret = await sequenceWebhookSecret(trx, tenantId);
  const done = new Set(
    (
      (await trx('sequenceStepRuns')
        .where({ tenantId })
        .whereIn(
          ['enrollmentId', 'stepKey'],
          calls.map((o) => [o.row.id, o.ran!.key]),
        )
        .select('enrollmentId', 'stepKey')) as { enrollmentId: string; stepKey: string }[]
    ).map((r) => `${r.enrollmentId}:${r.stepKey}`),
  );
  return Promise.all(
    outcomes.map(async (o) => {
      if (!o.webhook || done.has(`${o.row.id}:${o.ran!.key}`)) return o;
      try {
        await webhooks.call(signedWebhookCall(o.webhook, secret));
        return o;
      } catch (error) {
        const attempts = o.row.attempts + 1;
        const message = (error as Error).message;
        if (attempts >= MAX_ATTEMPTS)
          return {
            row: o.row,
            kind: 'failed',
            failed: { code: 'webhook_failed', message },
            next: {
              ...o.next,
              status: 'failed',
              currentStep: o.row.currentStep,
              stepState: o.row.stepState,
              stopReason: 'webhook_failed',
              nextRunAt: null,
              attempts,
            },
          } satisfies Outcome;
        return {
          row: o.row,
          kind: 'deferred',
          next: {
            ...o.next,
            status: 'active',
            currentStep: o.row.currentStep,
            stepState: o.row.stepState,
            lastActionAt: o.row.lastActionAt,
            nextRunAt: new Date(now.getTime() + backoffMs(STEP_RETRY_BACKOFF, attempts)),
            attempts,
            meta: { ...o.row.meta, lastError: `webhook_failed: ${message}` },
          },
        } satisfies Outcome;
      }
    }),
  );
}
