import type { Lead } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { TestApp, TestTenant } from '../../helpers/app';
import { createContact, createPipeline } from '../../helpers/factories';
import { uuidv7 } from '#db/ids';

export { issuePaths, writeCounts } from '../engagements/world';

/** Fixture for the cadence tests: tenant acme with an internal pipeline and a contact, tenant other likewise. */
export type CadenceWorld = {
  acme: TestTenant;
  other: TestTenant;
  pipelineId: string;
  contactId: string;
  otherPipelineId: string;
  otherLeadId: string;
};

/** The tables a cadence mutation writes (to prove a refused call wrote nothing). */
export const cadenceTables = [
  'leads',
  'lead_cadences',
  'promotions',
  'promotion_touchpoints',
  'promotion_cohort',
  'promotion_touchpoint_statuses',
  'promotion_snapshots',
  'lead_lock_releases',
];

/** Builds two tenants, each with a pipeline; other gets one lead. */
export async function buildCadenceWorld(t: TestApp): Promise<CadenceWorld> {
  const db = t.db.ownerKnex;
  const [acme, other] = [await t.tenant(), await t.tenant()];
  const pipeline = await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id });
  const contact = await createContact(db, acme.id, { firstName: 'Ada', lastName: 'Lovelace' });
  const otherPipeline = await createPipeline(db, other.id, { ownerId: other.users.salesManager.id });
  const [otherLead] = await insertLeads(db, other.id, otherPipeline.id, other.users.salesRep.id, [
    new Date('2030-01-01T09:00:00Z'),
  ]);
  return {
    acme,
    other,
    pipelineId: pipeline.id,
    contactId: contact.id,
    otherPipelineId: otherPipeline.id,
    otherLeadId: otherLead!,
  };
}

/** Inserts open leads on the first default stage, one per due time (fast fixture for large cohorts). */
export async function insertLeads(
  db: Knex,
  tenantId: string,
  pipelineId: string,
  ownerId: string,
  dues: readonly Date[],
  stageKey = 'touch1',
): Promise<string[]> {
  const rows = dues.map((due, i) => ({
    tenantId,
    id: uuidv7(),
    pipelineId,
    ownerId,
    name: `Lead ${i}`,
    stageKey,
    stageStatus: 'pending',
    state: 'open',
    nextActionAt: due,
    lastActionAt: new Date('2029-12-01T00:00:00Z'),
    lastActionSource: 'create',
  }));
  for (let i = 0; i < rows.length; i += 1000) await db('leads').insert(rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
}

/** A lead through the API (salesRep of acme by default). */
export async function apiLead(
  t: TestApp,
  w: CadenceWorld,
  body: Record<string, unknown> = {},
  token = w.acme.users.salesRep.token,
): Promise<Lead> {
  const res = await t.call('lead.create', { pipelineId: w.pipelineId, name: 'Prospect', ...body }, token);
  if (res.status !== 200) throw new Error(`lead.create ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data as Lead;
}

/** The scheduling fields of a lead row (owner connection), for exact before/after comparisons. */
export async function scheduleRow(db: Knex, leadId: string): Promise<Record<string, unknown>> {
  return db('leads')
    .where({ id: leadId })
    .first(
      'stageKey',
      'stageStatus',
      'state',
      'nextActionAt',
      'lastActionAt',
      'lastActionSource',
      'snappedPromotionId',
    ) as Promise<Record<string, unknown>>;
}
