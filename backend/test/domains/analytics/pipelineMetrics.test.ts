import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity, createPipeline } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from '../pipelines/helpers';
import { daysAgo, moveAt } from './history';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let pipelineId: string;
let foreignPipeline: string;
const now = new Date();

/**
 * One pipeline with known histories (days before today):
 * A: qualification 60 -> proposal 50 -> negotiation 40 -> won 30 (created 60 days ago), reason "price"
 * B: qualification 45 -> proposal 35 -> lost 20, reason "budget"
 * C: qualification 30 -> proposal 10 (open, idle 10 days: past a 72 h limit), client deal
 * D: qualification 5 (open)
 */
beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  pipelineId = (
    await createPipeline(db, acme.id, {
      ownerId: acme.users.salesManager.id,
      slaPolicy: { defaultMaxIdleHours: 72 } as never,
    })
  ).id;
  foreignPipeline = (await createPipeline(db, other.id)).id;
  const rep = acme.users.salesRep.id;
  const open = async (name: string, start: number, extra: Record<string, unknown> = {}) =>
    createOpportunity(db, acme.id, {
      pipelineId,
      name,
      ownerId: rep,
      amount: '1000.00',
      probability: 0.5,
      stageEnteredAt: daysAgo(now, start),
      createdAt: daysAgo(now, start),
      lastActivityAt: null,
      ...extra,
    } as never);
  const a = await open('A', 60, { amount: '5000.00' });
  await moveAt(db, acme.id, a.id, 'proposal', daysAgo(now, 50));
  await moveAt(db, acme.id, a.id, 'negotiation', daysAgo(now, 40));
  await moveAt(db, acme.id, a.id, 'closedWon', daysAgo(now, 30), 'price');
  const b = await open('B', 45);
  await moveAt(db, acme.id, b.id, 'proposal', daysAgo(now, 35));
  await moveAt(db, acme.id, b.id, 'closedLost', daysAgo(now, 20), 'budget');
  const c = await open('C', 30, { clientId: acme.clientId, amount: '2000.00' });
  await moveAt(db, acme.id, c.id, 'proposal', daysAgo(now, 10));
  await open('D', 5, { lastActivityAt: now });
});
afterAll(async () => t?.close());

const metrics = async (input: Record<string, unknown>, token = acme.users.salesManager.token) =>
  (await expectCall(t, 'pipeline.metrics.get', { pipelineId, ...input }, token)).data;

describe('pipeline.metrics.get', () => {
  it('counts conversion and time in stage from the stage history, and the sales cycle of wins', async () => {
    const m = await metrics({});
    const stage = (s: string) => m.stages.find((x: { stage: string }) => x.stage === s);
    // Entered qualification in the last 90 days: A, B, C, D; converted (moved on, not to lost): A, B, C.
    expect(stage('qualification')).toMatchObject({ entered: 4, converted: 3, conversionRate: 0.75 });
    // Proposal: A (on to negotiation), B (lost), C (still there): 1 of 3.
    expect(stage('proposal')).toMatchObject({ entered: 3, converted: 1, conversionRate: 0.3333 });
    expect(stage('negotiation')).toMatchObject({ entered: 1, converted: 1, conversionRate: 1 });
    // Stays ended in the period: qualification 10 (A), 10 (B), 20 (C): mean 13.3, median 10.
    expect(stage('qualification')).toMatchObject({ avgDaysInStage: 13.3, medianDaysInStage: 10 });
    expect(stage('proposal')).toMatchObject({ avgDaysInStage: 12.5, medianDaysInStage: 12.5 });
    expect(stage('closedWon')).toMatchObject({ conversionRate: null, avgDaysInStage: null, count: 0 });
    // Open now: C in proposal, D in qualification; weighted at probability 0.5.
    expect(stage('proposal')).toMatchObject({ count: 1, amount: '2000.00', weighted: '1000.00' });
    expect(m.weighted).toBe('1500.00');
    expect([m.won, m.lost, m.winRate, m.wonAmount]).toEqual([1, 1, 0.5, '5000.00']);
    expect(m.winLossByReason).toEqual([
      { outcome: 'won', reason: 'price', count: 1, amount: '5000.00' },
      { outcome: 'lost', reason: 'budget', count: 1, amount: '1000.00' },
    ]);
    expect(m.velocity).toMatchObject({ avgDaysToClose: 30, medianDaysToClose: 30 });
    // C has been idle 10 days past a 72 h limit; D was touched today.
    expect(m.slaBreaches).toBe(1);
  });

  it('narrows by period, owner and client; a client viewer sees their client only, without SLA figures', async () => {
    const recent = await metrics({
      period: { from: daysAgo(now, 15).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) },
    });
    const q = recent.stages.find((x: { stage: string }) => x.stage === 'qualification');
    // Only D entered qualification in the last 15 days; B's loss (20 days ago) is outside.
    expect([q.entered, recent.lost, recent.won]).toEqual([1, 0, 0]);
    const byOwner = await metrics({ ownerId: acme.users.salesManager.id });
    expect(byOwner.stages.every((s: { entered: number }) => s.entered === 0)).toBe(true);
    const byClient = await metrics({ clientId: acme.clientId });
    expect(byClient.stages.find((x: { stage: string }) => x.stage === 'proposal')).toMatchObject({
      entered: 1,
      count: 1,
    });
    // The internal pipeline is not a client viewer's to see; their client's pipeline is, without SLA figures.
    const hidden = await t.call('pipeline.metrics.get', { pipelineId }, acme.users.clientViewer.token);
    expect(hidden.status).toBe(404);
    const db = t.db.ownerKnex;
    const clientPipeline = await createPipeline(db, acme.id, {
      ownerId: acme.users.salesManager.id,
      clientId: acme.clientId,
    });
    await createOpportunity(db, acme.id, {
      pipelineId: clientPipeline.id,
      clientId: acme.clientId,
      stageEnteredAt: daysAgo(now, 9),
    } as never);
    const viewer = (
      await expectCall(t, 'pipeline.metrics.get', { pipelineId: clientPipeline.id }, acme.users.clientViewer.token)
    ).data;
    expect(viewer.stages.find((x: { stage: string }) => x.stage === 'qualification')).toMatchObject({
      entered: 1,
      count: 1,
    });
    expect(viewer.slaBreaches).toBeNull();
  });

  it("answers 400 naming the field, 404 for another tenant's pipeline, 403 without analytics.read", async () => {
    expectValidation(
      await t.call(
        'pipeline.metrics.get',
        { pipelineId, period: { from: '2026-12-10', to: '2026-12-01' } },
        acme.users.admin.token,
      ),
      'period.to',
    );
    expectValidation(
      await t.call('pipeline.metrics.get', { pipelineId: 'nope' }, acme.users.admin.token),
      'pipelineId',
    );
    expect((await t.call('pipeline.metrics.get', { pipelineId: foreignPipeline }, acme.users.admin.token)).status).toBe(
      404,
    );
    const badClient = await t.call(
      'pipeline.metrics.get',
      { pipelineId, clientId: other.clientId },
      acme.users.admin.token,
    );
    expect([badClient.status, badClient.body.error.code]).toEqual([422, 'reference_invalid']);
    await setRbac(t, other.id, { analyst: { revoke: ['analytics.read'] } });
    expect(
      (await t.call('pipeline.metrics.get', { pipelineId: foreignPipeline }, other.users.analyst.token)).status,
    ).toBe(403);
  });
});
