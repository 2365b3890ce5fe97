import type { Knex } from 'knex';
import type { TestApp } from '../../helpers/app';

/** Row counts of the tables the pipelines domain writes, for one tenant (owner connection: RLS bypassed). */
export async function tableCounts(db: Knex, tenantId: string): Promise<Record<string, number>> {
  const tables = ['pipelines', 'opportunities', 'forecast_snapshots', 'audit_log', 'events'];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const [row] = (await db(table).where({ tenantId }).count<{ count: number }[]>('* as count')) as { count: number }[];
    out[table] = Number(row?.count ?? 0);
  }
  return out;
}

/** Events of a tenant, oldest first, optionally of one name. */
export async function eventsOf(
  db: Knex,
  tenantId: string,
  name?: string,
): Promise<{ name: string; clientId: string | null; payload: Record<string, unknown> }[]> {
  const q = db('events').where({ tenantId }).orderBy('id');
  if (name) q.where({ name });
  return (await q.select('name', 'clientId', 'payload')) as {
    name: string;
    clientId: string | null;
    payload: Record<string, unknown>;
  }[];
}

/** Audit rows of a tenant for one operation, oldest first. */
export async function auditOf(
  db: Knex,
  tenantId: string,
  operation: string,
): Promise<{ targetType: string; targetId: string | null; before: unknown; after: unknown; actor: string }[]> {
  return (await db('auditLog')
    .where({ tenantId, operation })
    .orderBy('id')
    .select('targetType', 'targetId', 'before', 'after', 'actor')) as {
    targetType: string;
    targetId: string | null;
    before: unknown;
    after: unknown;
    actor: string;
  }[];
}

/** Expects a 400 validation_failed whose issues name `path`. */
export function expectValidation(
  res: { status: number; body: { error?: { code: string; details?: { issues?: { path: string }[] } } } },
  path: string,
): void {
  if (res.status !== 400 || res.body.error?.code !== 'validation_failed') {
    throw new Error(`expected 400 validation_failed, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  const paths = (res.body.error.details?.issues ?? []).map((i) => i.path);
  if (!paths.includes(path)) throw new Error(`expected an issue at ${path}, got ${JSON.stringify(paths)}`);
}

/** Calls an operation and expects a status, answering the body (throws with the body otherwise). */
export async function expectCall(
  t: TestApp,
  op: string,
  body: unknown,
  token: string,
  status = 200,
  headers?: Record<string, string>,
): Promise<any> {
  const res = await t.call(op, body, token, headers ? { headers } : {});
  if (res.status !== status)
    throw new Error(`${op}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Replaces a tenant's RBAC overrides (e.g. revoke a read permission from a role) and drops the cached runtime. */
export async function setRbac(
  t: TestApp,
  tenantId: string,
  rbac: Record<string, { grant?: string[]; revoke?: string[] }>,
): Promise<void> {
  await t.db
    .ownerKnex('tenants')
    .where({ id: tenantId })
    .update({ settings: JSON.stringify({ rbac }) });
  t.services.tenants.invalidate(tenantId);
}

/** The stage order the factories use. */
export const STAGES = ['qualification', 'proposal', 'negotiation', 'closedWon', 'closedLost'];
