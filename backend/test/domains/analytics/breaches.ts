import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';

type Deal = { id: string; pipelineId: string; ownerId: string; clientId: string | null; stage: string };

/**
 * Records an idle SLA breach on `deal` as the engine would, lasting from `breachedAt` until `clearedAt` (open while
 * null), for `ownerId` (the deal's owner unless given: a breach counts for the owner on its row).
 */
export async function breachAt(
  db: Knex,
  tenantId: string,
  deal: Deal,
  breachedAt: Date,
  clearedAt: Date | null = null,
  ownerId: string = deal.ownerId,
): Promise<void> {
  await db('slaBreaches').insert({
    tenantId,
    id: uuidv7(),
    opportunityId: deal.id,
    pipelineId: deal.pipelineId,
    ownerId,
    clientId: deal.clientId,
    stage: deal.stage,
    kind: 'idle',
    limitHours: 48,
    dueAt: breachedAt,
    breachedAt,
    escalateAt: new Date(breachedAt.getTime() + 3_600_000),
    clearedAt,
    clearedReason: clearedAt ? 'engagement' : null,
  });
}
