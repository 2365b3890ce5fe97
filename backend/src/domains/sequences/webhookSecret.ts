import type { Knex } from 'knex';
import { openText, seal } from '#security/sealing';
import { newWebhookSecret, signWebhook } from '#domains/events/webhooks/signature';
import type { SequenceWebhookCall } from './ports';

/**
 * The tenant's signing secret of sequence webhook steps, made on first use (stored sealed under the tenant's data
 * key; RLS: the transaction must be scoped to the tenant). Admins see it only through `sequence.webhookSecret.rotate`.
 */
export async function sequenceWebhookSecret(trx: Knex.Transaction, tenantId: string): Promise<string> {
  const existing = (await trx('sequenceWebhookSecrets').where({ tenantId }).first('secretSealed')) as
    { secretSealed: Buffer } | undefined;
  if (existing) return openText(trx, tenantId, existing.secretSealed);
  await trx('sequenceWebhookSecrets')
    .insert({ tenantId, secretSealed: await seal(trx, tenantId, newWebhookSecret()) })
    .onConflict('tenantId')
    .ignore();
  const row = (await trx('sequenceWebhookSecrets').where({ tenantId }).first('secretSealed')) as {
    secretSealed: Buffer;
  };
  return openText(trx, tenantId, row.secretSealed);
}

/** Replaces the tenant's secret (the next step signs with the new one) and answers it. */
export async function rotateSequenceWebhookSecret(trx: Knex.Transaction, tenantId: string, now: Date): Promise<string> {
  const secret = newWebhookSecret();
  await trx('sequenceWebhookSecrets')
    .insert({ tenantId, secretSealed: await seal(trx, tenantId, secret), createdAt: now, rotatedAt: now })
    .onConflict('tenantId')
    .merge(['secretSealed', 'rotatedAt']);
  return secret;
}

/**
 * A webhook step's request, signed like event webhooks (`Pivotal-Signature` over the exact JSON sent), with the
 * step's key as `Idempotency-Key` and `Pivotal-Delivery`, and `Pivotal-Event: sequence.webhook`.
 */
export function signedWebhookCall(
  call: { url: string; key: string; body: Record<string, unknown> },
  secret: string,
  unixSeconds = Math.floor(Date.now() / 1000),
): SequenceWebhookCall {
  const payload = JSON.stringify(call.body);
  return {
    ...call,
    payload,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Pivotal-Webhooks/1',
      'idempotency-key': call.key,
      'pivotal-signature': signWebhook(secret, payload, unixSeconds),
      'pivotal-event': 'sequence.webhook',
      'pivotal-delivery': call.key,
    },
  };
}
