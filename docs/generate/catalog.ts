import * as sdk from '@pivotal-pm/sdk';
import {
  errorStatus,
  operations,
  pendingOperationIds,
  roles,
  rolesGrant,
  type ErrorCode,
  type OperationSpec,
  type Role,
} from '@pivotal-pm/sdk';
import { z } from 'zod';
import { SchemaStore, type JsonSchema } from './jsonSchema';

/** Error codes every operation may answer, whatever its own list says. */
export const genericErrors: readonly ErrorCode[] = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'rate_limited',
  'internal',
];

/** What the docs say of an operation declared in the contract whose handler has not come yet. */
export const pendingNote =
  'Not implemented yet: answers 501 `not_implemented` (after validating the input) until the issue that builds it lands.';

/** Everything the generators print about one operation. */
export type OperationDoc = {
  op: OperationSpec;
  /** The first segment of the ID: the OpenAPI tag and the reference's section. */
  domain: string;
  /** Declared but not implemented yet (the SDK's `pendingOperationIds`): it answers `501 not_implemented`. */
  pending: boolean;
  /** Roles of the default matrix holding the operation's permission. */
  roles: Role[];
  /** Every error code it may answer (generic ones included), grouped by HTTP status, statuses ascending. */
  errorsByStatus: [status: number, codes: string[]][];
  input: JsonSchema;
  output: JsonSchema;
};

/** The registry, documented: operations grouped by domain (domains A-Z, registry order inside). */
export type Catalog = { docs: OperationDoc[]; domains: string[]; store: SchemaStore };

/**
 * The SDK's exported object and union schemas (its DTOs: `Opportunity`, `Pipeline`...), by export name: they
 * become named, shared components instead of being inlined in every operation.
 */
export function namedSchemas(): Map<z.ZodType, string> {
  const named = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(sdk)) {
    if (!/^[A-Z]/.test(name) || name.endsWith('Input') || named.has(value as z.ZodType)) continue;
    // Unions only when they are unions of objects (`SequenceStep`), not of scalars (`QueryBoolean`).
    const objectUnion = value instanceof z.ZodUnion && value.options.every((o) => o instanceof z.ZodObject);
    if (value instanceof z.ZodObject || objectUnion) named.set(value, name);
  }
  return named;
}

/** Builds the catalogue from the SDK's registry and its pending list (pure: same inputs, same output). */
export function buildCatalog(
  registry: Readonly<Record<string, OperationSpec>> = operations,
  pendingIds: readonly string[] = pendingOperationIds,
): Catalog {
  const store = new SchemaStore(namedSchemas());
  const all = Object.values(registry).map((op): OperationDoc => {
    const domain = op.id.split('.')[0] ?? op.id;
    const pending = pendingIds.includes(op.id);
    return {
      op,
      domain,
      pending,
      roles: roles.filter((role) => rolesGrant([role], op.permission)),
      errorsByStatus: errorsOf(op, pending),
      input: store.convert(op.input, 'input', op.id),
      output: store.convert(op.output, 'output', op.id),
    };
  });
  const domains = [...new Set(all.map((d) => d.domain))].sort();
  const docs = domains.flatMap((domain) => all.filter((d) => d.domain === domain));
  return { docs, domains, store };
}

function errorsOf(op: OperationSpec, pending: boolean): [number, string[]][] {
  const codes: string[] = [...genericErrors];
  if (op.flag) codes.push('feature_disabled');
  if (op.kind === 'mutation') codes.push('idempotency_conflict');
  codes.push(...op.errors);
  if (pending) codes.push('not_implemented');
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = (errorStatus as Record<string, number>)[code] ?? 500;
    const list = byStatus.get(status) ?? [];
    if (!list.includes(code)) list.push(code);
    byStatus.set(status, list);
  }
  return [...byStatus.entries()].sort(([a], [b]) => a - b);
}

/** Reason phrases of the statuses the API answers. */
export const statusText: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
