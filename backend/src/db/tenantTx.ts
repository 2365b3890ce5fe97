import type { Knex } from 'knex';
import { type ScopedBegin, scopeSql } from './scopedBegin';

/** What a transaction is scoped to: Postgres row-level security reads these settings. */
export type TenantScope = {
  tenantId: string;
  userId: string | null;
  /** Clients the caller is confined to; null means all (internal roles). */
  clientIds: string[] | null;
  /** Workers that must see every mailbox set this to 'all'. */
  mailboxScope?: 'own' | 'all';
};

/**
 * The scope of the system acting for one tenant (workers, public routes such as unsubscribe, lookups before a
 * caller is known): no user, every client. Workers that read every mailbox pass `mailboxScope: 'all'`.
 */
export function systemScope(tenantId: string, mailboxScope: 'own' | 'all' = 'own'): TenantScope {
  return mailboxScope === 'all'
    ? { tenantId, userId: null, clientIds: null, mailboxScope }
    : { tenantId, userId: null, clientIds: null };
}

/** Applies the scope to a transaction with SET LOCAL semantics (one round trip). */
export async function applyScope(trx: Knex.Transaction, scope: TenantScope): Promise<void> {
  await trx.raw(
    `select set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true),
            set_config('app.client_ids', ?, true), set_config('app.mailbox_scope', ?, true)`,
    [
      scope.tenantId,
      scope.userId ?? '',
      scope.clientIds === null ? '' : scope.clientIds.join(','),
      scope.mailboxScope ?? 'own',
    ],
  );
}

/**
 * Runs `fn` in a transaction scoped to one tenant (and user, client scope). On a knex from `createKnex` the scope
 * rides in the BEGIN's round trip (`scopedBegin`); otherwise (a nested transaction, another knex, ids that are not
 * UUIDs) it is applied by a statement of its own.
 */
export async function withTenant<T>(
  knex: Knex,
  scope: TenantScope,
  fn: (trx: Knex.Transaction) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const scopedBegin: ScopedBegin | null = inlinable(scope) ? { scope, applied: false } : null;
  return knex.transaction(
    async (trx) => {
      if (!scopedBegin?.applied) await applyScope(trx, scope);
      return fn(trx);
    },
    { readOnly: options.readOnly ?? false, ...(scopedBegin ? { scopedBegin } : {}) } as Knex.TransactionConfig,
  );
}

function inlinable(scope: TenantScope): boolean {
  try {
    scopeSql(scope);
    return true;
  } catch {
    return false;
  }
}
