import type { Knex } from 'knex';
import type { Cap } from '../policy/engine';
import { bucketStart } from './decideEmail';

/**
 * Locks the cap counters of the current buckets (minute, day) that `caps` name, in one sorted order so runners
 * never deadlock, and answers the usage of every bucket from now on (`<key>@<bucketStart>` -> count). Locked
 * rows make the cap checks exact across concurrent runners: a later runner waits and reads the new counts.
 */
export async function lockCounters(
  trx: Knex.Transaction,
  tenantId: string,
  now: Date,
  caps: readonly Cap[],
  lock = true,
): Promise<Map<string, number>> {
  const usage = new Map<string, number>();
  if (caps.length === 0) return usage;
  const current = [
    ...new Map(
      caps.map((c) => [
        `${c.key}@${bucketStart(now.getTime(), c.period)}`,
        { scope: c.key, bucket: new Date(bucketStart(now.getTime(), c.period)) },
      ]),
    ).entries(),
  ]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
  if (lock)
    await trx('sequenceCapCounters')
      .insert(current.map((c) => ({ tenantId, scope: c.scope, bucket: c.bucket, count: 0 })))
      .onConflict(['tenantId', 'scope', 'bucket'])
      .ignore();
  const locked = (await trx.raw(
    `SELECT scope, bucket, count FROM sequence_cap_counters WHERE tenant_id = ? AND (scope, bucket) IN (SELECT * FROM unnest(?::text[], ?::timestamptz[]))
     ORDER BY scope, bucket ${lock ? 'FOR UPDATE' : ''}`,
    [tenantId, current.map((c) => c.scope), current.map((c) => c.bucket.toISOString())],
  )) as { rows: { scope: string; bucket: Date; count: number }[] };
  // Later buckets (where the policy may place a deferred step) are read without a lock: nothing is counted there yet.
  const later = (await trx('sequenceCapCounters')
    .where({ tenantId })
    .whereIn('scope', [...new Set(current.map((c) => c.scope))])
    .where('bucket', '>', now)
    .select('scope', 'bucket', 'count')) as { scope: string; bucket: Date; count: number }[];
  for (const r of [...later, ...locked.rows]) usage.set(`${r.scope}@${+new Date(r.bucket)}`, r.count);
  return usage;
}

/** Adds the batch's sends to the counters (`<key>@<bucketStart>` -> increment); their rows are locked already. */
export async function writeCounters(
  trx: Knex.Transaction,
  tenantId: string,
  increments: Map<string, number>,
): Promise<void> {
  if (increments.size === 0) return;
  const entries = [...increments.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => {
      const at = k.lastIndexOf('@');
      return { scope: k.slice(0, at), bucket: new Date(Number(k.slice(at + 1))).toISOString(), n };
    });
  await trx.raw(
    `INSERT INTO sequence_cap_counters (tenant_id, scope, bucket, count)
     SELECT ?, s, b, n FROM unnest(?::text[], ?::timestamptz[], ?::int[]) AS u(s, b, n)
     ON CONFLICT (tenant_id, scope, bucket) DO UPDATE SET count = sequence_cap_counters.count + EXCLUDED.count`,
    [tenantId, entries.map((e) => e.scope), entries.map((e) => e.bucket), entries.map((e) => e.n)],
  );
}
