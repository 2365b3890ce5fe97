import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact, createEngagement, createOpportunity, createPipeline } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from '../pipelines/helpers';
import { daysAgo, moveAt } from './history';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let oppId: string;
let clientOppId: string;
const now = new Date();

beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  const pipeline = await createPipeline(db, acme.id, {
    ownerId: acme.users.salesManager.id,
    clientId: acme.clientId,
    slaPolicy: { defaultMaxIdleHours: 48 } as never,
  });
  const opp = await createOpportunity(db, acme.id, {
    pipelineId: pipeline.id,
    clientId: acme.clientId,
    ownerId: acme.users.salesRep.id,
    createdAt: daysAgo(now, 20),
    stageEnteredAt: daysAgo(now, 20),
  } as never);
  await moveAt(db, acme.id, opp.id, 'proposal', daysAgo(now, 12));
  const [jane, bob] = [
    await createContact(db, acme.id, { accountId: opp.accountId }),
    await createContact(db, acme.id, { accountId: opp.accountId }),
  ];
  for (const [type, contactId, d] of [
    ['email_out', jane.id, 11],
    ['email_in', jane.id, 10],
    ['call_out', bob.id, 9],
    ['meeting', bob.id, 8],
    ['note', null, 1],
  ] as const)
    await createEngagement(db, acme.id, {
      accountId: opp.accountId,
      opportunityId: opp.id,
      contactId,
      type,
      occurredAt: daysAgo(now, d),
    } as never);
  oppId = opp.id;
  clientOppId = opp.id;
});
afterAll(async () => t?.close());

describe('opportunity.metrics.get', () => {
  it('answers days open and in stage, the stage history, human engagement, the score with its factors and the SLA', async () => {
    const m = (await expectCall(t, 'opportunity.metrics.get', { opportunityId: oppId }, acme.users.salesRep.token))
      .data;
    expect([m.daysOpen, m.daysInStage]).toEqual([20, 12]);
    expect(
      m.stageHistory.map((h: { stage: string; exitedAt: string | null }) => [h.stage, h.exitedAt === null]),
    ).toEqual([
      ['qualification', false],
      ['proposal', true],
    ]);
    // The note is not a human touch with the customer.
    expect(m.engagement).toMatchObject({ emailsOut: 1, emailsIn: 1, calls: 1, meetings: 1, contactsEngaged: 2 });
    expect(m.factors.map((f: { name: string }) => f.name)).toContain('multiThreading');
    expect(m.score).toBeGreaterThanOrEqual(0);
    expect(['healthy', 'at_risk', 'stalled']).toContain(m.health);
    // Last touch 8 days ago against a 48 h limit.
    expect(m.slaBreached).toBe(true);
  });

  it("shows a client viewer their client's deal without the internal SLA figure", async () => {
    const m = (
      await expectCall(t, 'opportunity.metrics.get', { opportunityId: clientOppId }, acme.users.clientViewer.token)
    ).data;
    expect(m.slaBreached).toBeNull();
    // Calls and meetings count; mail stays fenced from client roles (their RLS hides mail engagements).
    expect(m.engagement).toMatchObject({ calls: 1, meetings: 1, emailsIn: 0, emailsOut: 0 });
  });

  it("answers 400 naming the field, 404 for another tenant's deal, 403 without analytics.read", async () => {
    expectValidation(
      await t.call('opportunity.metrics.get', { opportunityId: 'x' }, acme.users.admin.token),
      'opportunityId',
    );
    expect((await t.call('opportunity.metrics.get', { opportunityId: oppId }, other.users.admin.token)).status).toBe(
      404,
    );
    await setRbac(t, other.id, { salesRep: { revoke: ['analytics.read'] } });
    expect((await t.call('opportunity.metrics.get', { opportunityId: oppId }, other.users.salesRep.token)).status).toBe(
      403,
    );
  });
});
