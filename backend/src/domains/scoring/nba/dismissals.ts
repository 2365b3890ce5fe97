import type { Knex } from 'knex';

/** How long a dismissed action stays out of a person's recommendations. */
export const DISMISSED_FOR_MS = 14 * 86_400_000;

/** The (opportunity, kind) pairs a user dismissed within the window, as `opportunityId:kind` keys. */
export async function dismissedKeys(
  trx: Knex.Transaction,
  tenantId: string,
  userId: string | null,
  now: Date,
): Promise<Set<string>> {
  if (!userId) return new Set();
  const rows = (await trx('nbaDismissals')
    .where({ tenantId, userId })
    .where('dismissedAt', '>', new Date(now.getTime() - DISMISSED_FOR_MS))
    .select('opportunityId', 'kind')) as { opportunityId: string; kind: string }[];
  return new Set(rows.map((r) => `${r.opportunityId}:${r.kind}`));
}
