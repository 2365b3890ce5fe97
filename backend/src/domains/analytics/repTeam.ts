import type { roles } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import { REPORTING_DEPTH } from '#domains/directory/reportingLine';

/** The roles whose holders sell: the default "every seller" list and whether a manager is on their own team. */
export const SELLING_ROLES = ['salesRep', 'salesManager'] as const satisfies readonly (typeof roles)[number][];

/** Everyone reporting to `managerId`, directly or through others (active users only; the manager excluded). */
export async function reportsOf(ctx: OpContext, managerId: string): Promise<string[]> {
  const { rows } = (await ctx.trx.raw(
    `WITH RECURSIVE team AS (
       SELECT u.id, 1 AS depth FROM users u WHERE u.tenant_id = :t AND u.manager_id = :me
       UNION
       SELECT u.id, team.depth + 1 FROM users u JOIN team ON u.tenant_id = :t AND u.manager_id = team.id
        WHERE team.depth < :depth)
     -- Inactive users are walked through (their reports still belong to the team) but not answered.
     SELECT DISTINCT u.id FROM team JOIN users u ON u.tenant_id = :t AND u.id = team.id
      WHERE u.active AND u.id <> :me`,
    { t: ctx.principal.tenantId, me: managerId, depth: REPORTING_DEPTH },
  )) as { rows: { id: string }[] };
  return rows.map((r) => r.id);
}

/** Every active user of the tenant holding a selling role. */
export async function allSellers(ctx: OpContext): Promise<string[]> {
  return (await ctx
    .trx('users as u')
    .join('roleAssignments as r', function joinRoles() {
      this.on('r.tenantId', 'u.tenantId').andOn('r.userId', 'u.id');
    })
    .where({ 'u.tenantId': ctx.principal.tenantId, 'u.active': true })
    .whereIn('r.role', SELLING_ROLES)
    .distinct('u.id')
    .pluck('u.id')) as string[];
}

/** The caller's team: their reports, and the caller too when they sell or have nobody reporting to them. */
export function teamOf(ctx: OpContext, me: string, reports: string[]): string[] {
  const sells = ctx.principal.roles.some((r) => (SELLING_ROLES as readonly string[]).includes(r));
  return sells || reports.length === 0 ? [me, ...reports] : reports;
}
