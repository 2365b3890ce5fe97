import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { rolesGrant, type OperationId } from '@pivotal-pm/sdk';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { appendEvents } from '#domains/events/append';
import { eventToAppend } from '#domains/events/reaction';
import { redactDeep } from '#observability/logger';
import type { TenantRuntime } from './tenantRuntime';
import type { AuditEntry, OpContext, Principal, Services } from './types';

/** Builds a handler's context for one request transaction; `audited` tells whether a row was written. */
export function createOpContext(args: {
  operationId: OperationId;
  requestId: string;
  principal: Principal;
  trx: Knex.Transaction;
  now: Date;
  log: Logger;
  runtime: TenantRuntime;
  services: Services;
  /** The pool the request transaction came from: enables `sideTransaction`. */
  knex?: Knex;
}): OpContext & { audited(): boolean; emitted(): number } {
  const { trx, principal, now, operationId, requestId } = args;
  let auditCount = 0;
  let emitCount = 0;
  return {
    operationId,
    requestId,
    principal,
    trx,
    now,
    log: args.log,
    flags: args.runtime.flags,
    services: args.services,
    can: (permission) => rolesGrant(principal.roles, permission, args.runtime.matrix),
    ...(args.knex
      ? {
          sideTransaction: <T>(fn: (side: Knex.Transaction) => Promise<T>) =>
            withTenant(
              args.knex!,
              { tenantId: principal.tenantId, userId: principal.userId, clientIds: principal.clientIds },
              fn,
            ),
        }
      : {}),
    async audit(entry: AuditEntry) {
      auditCount += 1;
      await trx('auditLog').insert({
        tenantId: principal.tenantId,
        id: uuidv7(),
        at: now,
        actor: principal.actor,
        operation: operationId,
        targetType: entry.targetType,
        targetId: entry.targetId,
        requestId,
        before: entry.before === undefined ? null : JSON.stringify(redactDeep(entry.before)),
        after: entry.after === undefined ? null : JSON.stringify(redactDeep(entry.after)),
      });
    },
    async emit(name, payload, refs) {
      emitCount += 1;
      await appendEvents(trx, principal.tenantId, [
        eventToAppend({
          name,
          payload,
          clientId: refs?.clientId ?? null,
          actor: principal.actor,
          occurredAt: now,
          ...(refs?.facts ? { facts: refs.facts } : {}),
        }),
      ]);
    },
    audited: () => auditCount > 0,
    emitted: () => emitCount,
  };
}
