import { operations, type OperationId } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { handlers } from '#domains/handlers';
import { ApiError } from '#http/errors';
import { createOpContext } from '#http/opContext';
import type { Handler, Principal } from '#http/types';
import { createLogger } from '#observability/logger';
import type { TestApp } from '../../helpers/app';

/** The outcome of an in-process call: the handler's output, or the API error code it threw. */
export type Outcome = { ok: true; out: unknown } | { ok: false; code: string };

/**
 * Calls operation handlers in-process inside a caller-owned transaction (each call in its own savepoint, rolled
 * back on error, like a request): the same input parsing and handler code as the API without HTTP and auth, so a
 * property test can run a thousand database-backed cases.
 */
export async function inProcessCaller(t: TestApp, token: string) {
  const principal = (await t.services.auth.authenticate(`Bearer ${token}`)) as Principal;
  const runtime = await t.services.tenants.get(principal.tenantId);
  const log = createLogger('silent');
  return async (trx: Knex.Transaction, id: OperationId, body: unknown, now: Date): Promise<Outcome> => {
    const input = operations[id].input.parse(body);
    const handler = handlers[id] as Handler<OperationId>;
    try {
      return await trx.transaction(async (sp) => {
        const ctx = createOpContext({
          operationId: id,
          requestId: 'in-process',
          principal,
          trx: sp,
          now,
          log,
          runtime,
          services: t.services,
        });
        return { ok: true as const, out: await handler(input as never, ctx) };
      });
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, code: error.code };
      throw error;
    }
  };
}
