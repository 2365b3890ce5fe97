import { expect } from 'vitest';
import type { TestApp } from '../../helpers/app';

/** Shared assertions of the directory, clients and crm tests (owner connection: sees every tenant). */

/** Rows of `table` matching `where` (camelCase keys). */
export async function count(t: TestApp, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await t.db.ownerKnex(table).where(where).count<{ count: number }[]>({ count: '*' });
  return Number(row?.count ?? 0);
}

/** The one row of `table` with this tenant and id. */
export async function row(t: TestApp, table: string, tenantId: string, id: string): Promise<Record<string, any>> {
  return t.db.ownerKnex(table).where({ tenantId, id }).first();
}

/** Audit rows of one operation on one target, oldest first. */
export async function audits(
  t: TestApp,
  tenantId: string,
  operation: string,
  targetId: string,
): Promise<Record<string, any>[]> {
  return t.db.ownerKnex('auditLog').where({ tenantId, operation, targetId }).orderBy('at').orderBy('id');
}

/** A 400 validation_failed whose issues name `path`. */
export function expectInvalid(res: { status: number; body: any }, path: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
}

/** An error answer with this status and code. */
export function expectError(res: { status: number; body: any }, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
}

/** A 200 answer; returns its `data`. */
export function ok(res: { status: number; body: any }): any {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

/** Runs `fn` while the tenant's RBAC policy revokes `permission` from `role` (every role holds some reads). */
export async function withoutPermission(
  t: TestApp,
  tenantId: string,
  role: string,
  permission: string,
  fn: () => Promise<void>,
): Promise<void> {
  await t.db
    .ownerKnex('tenants')
    .where({ id: tenantId })
    .update({ settings: JSON.stringify({ rbac: { [role]: { revoke: [permission] } } }) });
  t.services.tenants.invalidate(tenantId);
  try {
    await fn();
  } finally {
    await t.db.ownerKnex('tenants').where({ id: tenantId }).update({ settings: '{}' });
    t.services.tenants.invalidate(tenantId);
  }
}
