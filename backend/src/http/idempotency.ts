import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ApiError } from './errors';

/** How long a stored response is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** A stored first response, replayed for a repeat of the same request. */
export type StoredResponse = { status: number; body: unknown };

/** Stable hash of an operation's raw input (key order does not matter). */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\0').update(stableJson(input)).digest('hex');
}

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const keys = Object.keys(v as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * Claims the key inside the request transaction. Returns a stored response to replay, or null when this
 * request is the first (its response is then saved by `saveIdempotentResponse` in the same transaction).
 * A concurrent request with the same key waits on the unique index until the first one commits.
 */
export async function claimIdempotencyKey(
  trx: Knex.Transaction,
  tenantId: string,
  key: string,
  operation: string,
  hash: string,
  now: Date,
): Promise<StoredResponse | null> {
  const inserted = await trx.raw(
    `insert into idempotency_keys (tenant_id, key, operation, request_hash, created_at)
     values (?, ?, ?, ?, ?) on conflict do nothing returning key`,
    [tenantId, key, operation, hash, now],
  );
  if (inserted.rows.length > 0) return null;
  const row = await trx('idempotencyKeys').where({ tenantId, key }).first();
  if (!row) return null;
  if (now.getTime() - new Date(row.createdAt).getTime() > IDEMPOTENCY_TTL_MS) {
    await trx('idempotencyKeys').where({ tenantId, key }).update({ operation, requestHash: hash, createdAt: now, responseStatus: null, responseBody: null });
    return null;
  }
  if (row.operation !== operation || row.requestHash !== hash) {
    throw new ApiError('idempotency_conflict', 'This Idempotency-Key was used with a different request');
  }
  if (row.responseStatus == null) throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress');
  return { status: row.responseStatus, body: row.responseBody };
}

/** Stores the first response for replay. */
export async function saveIdempotentResponse(
  trx: Knex.Transaction,
  tenantId: string,
  key: string,
  response: StoredResponse,
): Promise<void> {
  await trx('idempotencyKeys')
    .where({ tenantId, key })
    .update({ responseStatus: response.status, responseBody: JSON.stringify(response.body) });
}

const SHOWN_ONCE = /^(secret|token)$/;

/**
 * What is kept for replay: the response with one-time secrets (API key and webhook secrets, embed tokens)
 * replaced, so the idempotency table never holds a credential. A replay says so in those fields.
 */
export function storableResponse(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(storableResponse);
  if (body === null || typeof body !== 'object') return body;
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, SHOWN_ONCE.test(k) && typeof v === 'string' ? '[shown once: not replayed]' : storableResponse(v)]),
  );
}
