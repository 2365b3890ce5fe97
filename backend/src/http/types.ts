import type { RateLimiter } from './rateLimit';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Authenticator } from '#auth/authenticator';
import type { SigningKey } from '#auth/signingKeys';
import type { Config } from '#config';
import type { O365Auth } from '#integrations/graph/msal/o365Auth';
import type { FactsOf } from '#domains/events/reaction';
import type { TenantRuntimeCache } from './tenantRuntime';
import type {
  EventName,
  EventPayload,
  FeatureFlag,
  OperationId,
  OperationOutput,
  OperationParsedInput,
  Permission,
  Role,
} from '@pivotal-pm/sdk';

/** Who is calling: resolved by the auth middleware from a bearer token or API key. */
export type Principal = {
  kind: 'user' | 'apiKey' | 'embed';
  tenantId: string;
  /** The acting user; null for an API key that acts as itself. */
  userId: string | null;
  roles: Role[];
  /** Clients the caller is confined to; null means every client of the tenant. */
  clientIds: string[] | null;
  /** Label for audit rows: `user:<id>`, `apiKey:<id>`, `embed:<jti>`. */
  actor: string;
};

/** What an audit row records beyond what the chain already knows (actor, operation, requestId). */
export type AuditEntry = {
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
};

/** Process-wide services a handler may need (caches to invalidate, signing keys, config). */
export type Services = {
  config: Config;
  auth: Authenticator;
  tenants: TenantRuntimeCache;
  keys: { embed: SigningKey; dev: SigningKey | null };
  /** msal-node adapter connecting Office 365 mailboxes (Entra ID, or the Graph emulator). */
  o365: O365Auth;
  /** Request budgets per caller and per client address, shared across processes. */
  rateLimiter: RateLimiter;
  /** The clock requests read `now` from (tests set one to pin the time of day); unset: the system clock. */
  clock?: () => Date;
};

/** Everything a handler gets besides its validated input. */
export type OpContext = {
  operationId: OperationId;
  requestId: string;
  principal: Principal;
  /** The request's transaction; `app.tenant_id` (and user, client scope) are already SET LOCAL on it. */
  trx: Knex.Transaction;
  /** The request's clock: use it instead of `new Date()` so one request sees one time. */
  now: Date;
  log: Logger;
  flags: Record<FeatureFlag, boolean>;
  services: Services;
  /** True when the caller's roles grant `permission` in this tenant's effective role matrix. */
  can(permission: Permission): boolean;
  /** Writes the mutation's audit row in the request transaction (call once per changed record). */
  audit(entry: AuditEntry): Promise<void>;
  /**
   * A short read-write transaction with the caller's scope beside the request's own (which is read-only for
   * queries): for what a read fills in, such as the message body cache. Absent when the caller gave no pool.
   */
  sideTransaction?: <T>(fn: (trx: Knex.Transaction) => Promise<T>) => Promise<T>;
  /**
   * Appends a canonical event (payload typed by its name) to the outbox in the request transaction, running the
   * domains' reactions to it there; `facts` are for those reactions only (never written).
   */
  emit<E extends EventName>(
    name: E,
    payload: EventPayload<E>,
    refs?: { clientId?: string | null; facts?: FactsOf<E> },
  ): Promise<void>;
};

/** The function behind one operation: validated input in, DTO out. Errors are thrown as `ApiError`. */
export type Handler<K extends OperationId> = (
  input: OperationParsedInput<K>,
  ctx: OpContext,
) => Promise<OperationOutput<K>>;

/** Marker for an operation whose issue has not come yet: it answers `501 not_implemented`. */
export const notImplemented = Symbol('notImplemented');
export type NotImplemented = typeof notImplemented;

/** Every operation ID maps to its handler, or to `notImplemented`: a missing entry is a type error. */
export type Handlers = { [K in OperationId]: Handler<K> | NotImplemented };

/** Declares a domain's handlers; each key must be an operation ID and its value that operation's handler. */
export function defineHandlers<const T extends { [K in keyof T]: K extends OperationId ? Handler<K> : never }>(
  table: T,
): T {
  return table;
}
