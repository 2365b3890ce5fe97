import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { operations, rolesGrant, type OperationId, type OperationSpec } from '@pivotal-pm/sdk';
import type { Metrics } from '#observability/metrics';
import type { ScopedBegin } from '#db/scopedBegin';
import { applyScope } from '#db/tenantTx';
import { isRetryableDbError, mapDbError } from './dbErrors';
import { ApiError, invalidField } from './errors';
import {
  claimIdempotencyKey,
  idempotencyCaller,
  requestHash,
  saveIdempotentResponse,
  storableResponse,
} from './idempotency';
import { createOpContext } from './opContext';
import { validateInput, validateQueryInput } from './validation';
import { notImplemented, type Handler, type Handlers, type Principal, type Services } from './types';

/** What mountOperations needs from the app. */
export type MountDeps = {
  knex: Knex;
  handlers: Handlers;
  services: Services;
  metrics: Metrics;
  log: Logger;
  /** Check every output against the contract (on in tests and development). */
  checkOutputs: boolean;
};

/** Koa state the request pipeline sets. */
export type RequestState = { requestId: string; principal?: Principal; operationId?: OperationId };

/**
 * Builds `POST /v1/<operationId>` (and `GET` for queries) for every operation of the registry with the chain
 * auth -> tenancy -> permission + flag -> rate limit -> validate -> idempotency -> transaction -> handler.
 */
export function mountOperations(router: Router, deps: MountDeps): void {
  for (const [id, op] of Object.entries(operations) as [OperationId, OperationSpec][]) {
    const run = buildOperation(id, op, deps);
    router.post(`/v1/${id}`, run);
    if (op.kind === 'query') router.get(`/v1/${id}`, run);
  }
}

function buildOperation(id: OperationId, op: OperationSpec, deps: MountDeps) {
  const handler = deps.handlers[id] as Handler<OperationId> | typeof notImplemented;
  return async (ctx: Context) => {
    const state = ctx.state as RequestState;
    state.operationId = id;
    const started = performance.now();
    try {
      if (ctx.method === 'POST' && !ctx.is('application/json') && ctx.request.length) {
        throw new ApiError('bad_request', 'Send the input as a JSON body (Content-Type: application/json)');
      }
      const principal = await authenticateOrCount(deps.services, ctx);
      state.principal = principal;
      const runtime = await deps.services.tenants.get(principal.tenantId);
      if (!rolesGrant(principal.roles, op.permission, runtime.matrix)) {
        throw new ApiError('forbidden', `Your role does not allow ${id} (needs ${op.permission})`);
      }
      if (op.flag && !runtime.flags[op.flag]) {
        throw new ApiError('feature_disabled', `The ${op.flag} feature is disabled for this tenant`);
      }
      await deps.services.rateLimiter.forCaller(principal);
      const { input, raw } =
        ctx.method === 'GET'
          ? validateQueryInput(op.input, ctx.query)
          : {
              input: validateInput(op.input, (ctx.request as { body?: unknown }).body),
              raw: (ctx.request as { body?: unknown }).body,
            };
      if (handler === notImplemented) {
        throw new ApiError('not_implemented', `${id} is not implemented yet`);
      }
      const idemKey = op.kind === 'mutation' ? ctx.get('idempotency-key') || undefined : undefined;
      if (idemKey !== undefined && (idemKey.length > 255 || idemKey.length < 1)) {
        throw invalidField('Idempotency-Key', 'must be 1 to 255 characters', 'too_big');
      }
      const scopedBegin: ScopedBegin = {
        scope: { tenantId: principal.tenantId, userId: principal.userId, clientIds: principal.clientIds },
        applied: false,
      };
      const result = await inTransaction(deps, op, scopedBegin, async (trx) => {
        const now = deps.services.clock?.() ?? new Date();
        if (!scopedBegin.applied) await applyScope(trx, scopedBegin.scope);
        if (idemKey) {
          const stored = await claimIdempotencyKey(
            trx,
            { tenantId: principal.tenantId, caller: idempotencyCaller(principal), key: idemKey },
            id,
            requestHash(id, raw),
            now,
          );
          if (stored) return { replayed: true, ...stored };
        }
        const opCtx = createOpContext({
          operationId: id,
          requestId: state.requestId,
          principal,
          trx,
          now,
          log: deps.log,
          runtime,
          services: deps.services,
          knex: deps.knex,
        });
        const output = await handler(input as never, opCtx);
        if (op.kind === 'mutation' && !opCtx.audited()) {
          const target = output as { id?: unknown } | undefined;
          await opCtx.audit({
            targetType: id.split('.')[0]!,
            targetId: typeof target?.id === 'string' ? target.id : null,
            after: output,
          });
        }
        if (opCtx.emitted() > 0) await trx.raw(`select pg_notify('pivotal_events', ?)`, [principal.tenantId]);
        const body = op.list ? output : { data: output };
        if (idemKey)
          await saveIdempotentResponse(
            trx,
            { tenantId: principal.tenantId, caller: idempotencyCaller(principal), key: idemKey },
            { status: 200, body: storableResponse(body) },
          );
        return { replayed: false, status: 200, body };
      });
      if (deps.checkOutputs && !result.replayed) checkOutput(id, op, result.body);
      if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.status = result.status;
      ctx.body = result.body;
    } finally {
      deps.metrics.operationDuration.observe(
        { operation: id, status: String(ctx.status) },
        (performance.now() - started) / 1000,
      );
    }
  };
}

/**
 * Authenticates the request; a refused credential counts against the client address's budget (guessing keys or
 * tokens is limited like any request without a caller), so a flood of them answers 429.
 */
export async function authenticateOrCount(
  services: Services,
  ctx: Context,
  header = ctx.get('authorization') || undefined,
): Promise<Principal> {
  try {
    return await services.auth.authenticate(header);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthenticated') await services.rateLimiter.forAddress(ctx.ip);
    throw err;
  }
}

async function inTransaction<T>(
  deps: MountDeps,
  op: OperationSpec,
  scopedBegin: ScopedBegin,
  fn: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      scopedBegin.applied = false;
      // scopedBegin lets the transaction's BEGIN apply the tenant scope in the same round trip.
      const config = { readOnly: op.kind === 'query', scopedBegin } as Knex.TransactionConfig;
      return await deps.knex.transaction(fn, config);
    } catch (err) {
      if (attempt === 0 && isRetryableDbError(err)) continue;
      throw mapDbError(err) ?? err;
    }
  }
}

function checkOutput(id: OperationId, op: OperationSpec, body: unknown): void {
  const value = op.list ? body : (body as { data: unknown }).data;
  const res = op.output.safeParse(value);
  if (!res.success) {
    const where = res.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new Error(`Output of ${id} breaks its contract: ${where}`);
  }
}
