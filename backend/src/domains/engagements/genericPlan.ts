import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Makes the next query of `sql` run as a named prepared statement with a generic plan, and answers the name to
 * pass as `.options({ name })`. Planning a query over the ~38 monthly partitions of `engagements` costs 6-50 ms
 * per call (far more than running it); prepared once per connection, the generic plan (a Merge Append of
 * per-partition index scans in (occurred_at, id) order that stops after `limit + 1` rows, partitions above a
 * cursor pruned at executor start) is reused. Names are per SQL shape (filters given, not their values), so
 * there are few of them. `plan_cache_mode` is set for this transaction only; unnamed statements are unaffected.
 */
export async function genericPlanStatement(trx: Knex.Transaction, prefix: string, sql: string): Promise<string> {
  await trx.raw(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`);
  return `pivotal_${prefix}_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
}
