import type { Knex } from 'knex';
import { isLostStage, isWonStage } from '@pivotal-pm/sdk';

/** Moves an opportunity to `stage` at `at`, as the operations do (terminal stages close it): the trigger records it. */
export async function moveAt(
  db: Knex,
  tenantId: string,
  opportunityId: string,
  stage: string,
  at: Date,
  reason: string | null = null,
): Promise<void> {
  const status = isWonStage(stage) ? 'won' : isLostStage(stage) ? 'lost' : 'open';
  await db('opportunities')
    .where({ tenantId, id: opportunityId })
    .update({
      stage,
      stageEnteredAt: at,
      status,
      closedAt: status === 'open' ? null : at,
      reason: status === 'open' ? null : reason,
    });
}

export const daysAgo = (now: Date, d: number) => new Date(now.getTime() - d * 86_400_000);
