import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { openText, seal } from '#security/sealing';
import { ApiError } from './errors';
import type { Principal } from './types';

/** How long a stored response is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** A stored first response, replayed for a repeat of the same request. */
export type StoredResponse = { status: number; body: unknown };

/** Which stored responses a request may replay: its tenant, its caller and the key it sent. */
export type IdempotencyScope = { tenantId: string; caller: string; key: string };

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
 * The caller a stored response belongs to: who (user, API key, or an embed token's subject: its user or its client)
 * and under which authority (roles and client scope, hashed). The same key sent by another caller, or by the same
 * one after its roles or clients changed, is another key: it runs under that caller's own authority, never replays.
 */
export function idempotencyCaller(p: Pick<Principal, 'kind' | 'userId' | 'actor' | 'roles' | 'clientIds'>): string {
  const who =
    p.kind === 'apiKey'
      ? p.actor
      : p.kind === 'embed'
        ? `embed:${p.userId ? `user:${p.userId}` : 'client'}`
        : `user:${p.userId}`;
  const authority = `${[...p.roles].sort().join(',')}\0${p.clientIds ? [...p.clientIds].sort().join(',') : '*'}`;
  return `${who}#${createHash('sha256').update(authority).digest('hex').slice(0, 16)}`;
}

const where = (s: IdempotencyScope) => ({ tenantId: s.tenantId, caller: s.caller, key: s.key });

/**
 * Claims the key inside the request transaction. Returns a stored response to replay, or null when this
 * request is the first (its response is then saved by `saveIdempotentResponse` in the same transaction).
 * A concurrent request with the same key and caller waits on the primary key until the first one commits.
 */
export async function claimIdempotencyKey(
  trx: Knex.Transaction,
  scope: IdempotencyScope,
  operation: string,
  hash: string,
  now: Date,
): Promise<StoredResponse | null> {
  const inserted = await trx.raw(
    `insert into idempotency_keys (tenant_id, caller, key, operation, request_hash, created_at)
     values (?, ?, ?, ?, ?, ?) on conflict do nothing returning key`,
    [scope.tenantId, scope.caller, scope.key, operation, hash, now],
  );
  if (inserted.rows.length > 0) return null;
  const row = await trx('idempotencyKeys').where(where(scope)).first();
  if (!row) return null;
  if (now.getTime() - new Date(row.createdAt).getTime() > IDEMPOTENCY_TTL_MS) {
    await trx('idempotencyKeys')
      .where(where(scope))
      .update({ operation, requestHash: hash, createdAt: now, responseStatus: null, responseSealed: null });
    return null;
  }
  if (row.operation !== operation || row.requestHash !== hash) {
    throw new ApiError('idempotency_conflict', 'This Idempotency-Key was used with a different request');
  }
  if (row.responseStatus === null || row.responseSealed === null)
    throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress');
  return { status: row.responseStatus, body: JSON.parse(await openText(trx, scope.tenantId, row.responseSealed)) };
}

/** Stores the first response for replay, sealed under the tenant's data key (an export's rows are not kept in clear). */
export async function saveIdempotentResponse(
  trx: Knex.Transaction,
  scope: IdempotencyScope,
  response: StoredResponse,
): Promise<void> {
  const responseSealed = await seal(trx, scope.tenantId, JSON.stringify(response.body));
  await trx('idempotencyKeys').where(where(scope)).update({ responseStatus: response.status, responseSealed });
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
    Object.entries(body).map(([k, v]) => [
      k,
      SHOWN_ONCE.test(k) && typeof v === 'string' ? '[shown once: not replayed]' : storableResponse(v),
    ]),
  );
}
