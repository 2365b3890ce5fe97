import type { Knex } from 'knex';
import type { TenantScope } from './tenantTx';
import { isUuid } from './ids';

/** The scope as SQL literals; every value is checked against a strict pattern, so nothing can be injected. */
export function scopeSql(scope: TenantScope): string {
  const ids = [scope.tenantId, ...(scope.userId ? [scope.userId] : []), ...(scope.clientIds ?? [])];
  if (!ids.every((id) => isUuid(id))) throw new Error('Refusing a tenant scope that is not made of UUIDs');
  const mailbox = scope.mailboxScope === 'all' ? 'all' : 'own';
  const clients = scope.clientIds === null ? '' : scope.clientIds.join(',');
  return (
    `SELECT set_config('app.tenant_id', '${scope.tenantId}', true), set_config('app.user_id', '${scope.userId ?? ''}', true), ` +
    `set_config('app.client_ids', '${clients}', true), set_config('app.mailbox_scope', '${mailbox}', true)`
  );
}

type TrxInternals = {
  begin(conn: unknown): Promise<unknown>;
  query(conn: unknown, sql: string): Promise<unknown>;
  readOnly?: boolean;
  isolationLevel?: string;
};
type ClientInternals = {
  transaction(container: unknown, config?: { scopedBegin?: ScopedBegin }, outerTx?: unknown): TrxInternals;
};

/** Asks a transaction to apply a tenant scope in its BEGIN; `applied` turns true once it did. */
export type ScopedBegin = { scope: TenantScope; applied: boolean };

/**
 * Makes `knex.transaction(fn, { scopedBegin })` start with one round trip instead of two: the BEGIN and the
 * scope's `set_config` calls go in one simple-protocol message, and `scopedBegin.applied` is set, so the caller
 * knows not to apply the scope again. (Knex replaces `userParams` with the instance's, hence our own key.)
 */
export function installScopedBegin(db: Knex): Knex {
  const client = db.client as unknown as ClientInternals;
  const create = client.transaction.bind(client);
  client.transaction = (container, config, outerTx) => {
    const trx = create(container, config, outerTx);
    const request = config?.scopedBegin;
    if (!request || outerTx) return trx;
    const begin = trx.begin.bind(trx);
    trx.begin = (conn: unknown) => {
      if (trx.isolationLevel) return begin(conn);
      const sql = `BEGIN${trx.readOnly ? ' TRANSACTION READ ONLY' : ''}; ${scopeSql(request.scope)}`;
      return trx.query(conn, sql).then((res) => {
        request.applied = true;
        return res;
      });
    };
    return trx;
  };
  return db;
}
