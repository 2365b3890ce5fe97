import type { Knex } from 'knex';
import { evaluateTenant } from '../../../src/domains/sla/jobs';
import type { SlaBreachRow } from '../../../src/domains/sla/presenters';
import { createOpportunity, createPipeline } from '../../helpers/factories';

const H = 3_600_000;

/** Row counts of the tables the SLA and bot operations write, for one tenant (owner connection: RLS bypassed). */
export async function slaCounts(db: Knex, tenantId: string): Promise<Record<string, number>> {
  const tables = ['sla_breaches', 'tasks', 'bot_notifications', 'bot_conversations', 'bot_preferences', 'audit_log'];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const [row] = (await db(table).where({ tenantId }).count('* as count')) as { count: number | string }[];
    out[table] = Number(row?.count ?? 0);
  }
  return out;
}

/** A pipeline with a 24-hour idle limit (escalation after 24 hours), owned by `ownerId`. */
export async function slaPipeline(db: Knex, tenantId: string, ownerId: string) {
  return createPipeline(db, tenantId, {
    ownerId,
    slaPolicy: JSON.stringify({ defaultMaxIdleHours: 24, escalateAfterHours: 24 }),
  } as never);
}

/**
 * Opens an idle breach the way the engine does: a deal of `ownerId` idle for ten days in `pipelineId`, then one SLA
 * evaluation at `at` (so the breach is recorded at `at`). Answers the breach row.
 */
export async function openBreach(
  db: Knex,
  tenantId: string,
  values: { ownerId: string; pipelineId: string; at: Date },
): Promise<SlaBreachRow> {
  const opp = await createOpportunity(db, tenantId, {
    ownerId: values.ownerId,
    pipelineId: values.pipelineId,
    stageEnteredAt: new Date(values.at.getTime() - 240 * H),
  } as never);
  await evaluateTenant(db, tenantId, values.at);
  const row = (await db('slaBreaches').where({ tenantId, opportunityId: opp.id }).first()) as SlaBreachRow | undefined;
  if (!row) throw new Error(`no breach opened for opportunity ${opp.id}`);
  return row;
}
