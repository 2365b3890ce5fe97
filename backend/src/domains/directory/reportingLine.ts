import type { Knex } from 'knex';

/** How deep a reporting line is followed: a chain deeper than this is a data error, not a team. */
export const REPORTING_DEPTH = 50;

/** True when `upper` is above `lower` in the reporting line (`manager_id`), directly or through others. */
export async function isAbove(trx: Knex.Transaction, tenantId: string, upper: string, lower: string): Promise<boolean> {
  const { rows } = (await trx.raw(
    `WITH RECURSIVE up AS (
       SELECT manager_id, 1 AS depth FROM users WHERE tenant_id = :t AND id = :lower
       UNION ALL
       SELECT u.manager_id, up.depth + 1 FROM users u JOIN up ON u.tenant_id = :t AND u.id = up.manager_id
        WHERE up.depth < :depth)
     SELECT 1 FROM up WHERE manager_id = :upper LIMIT 1`,
    { t: tenantId, lower, upper, depth: REPORTING_DEPTH },
  )) as { rows: unknown[] };
  return rows.length > 0;
}
