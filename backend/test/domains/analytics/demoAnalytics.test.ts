import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '#db/seeds/demo';
import { createTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db.ownerKnex);
});
afterAll(async () => t?.close());

describe('demo data: analytics a newcomer sees after npm start', () => {
  it('has stage histories (conversion, velocity, wins by reason) and real health scores', async () => {
    const manager = t.client(await t.token('acme', 'manager@acme.test'));
    const pipeline = (await manager.pipeline.list({ limit: 10 })).data[0]!;
    const m = await manager.pipeline.metrics.get({ pipelineId: pipeline.id });
    const qualification = m.stages.find((s) => s.stage === 'qualification')!;
    expect(qualification.entered).toBeGreaterThan(0);
    expect(qualification.conversionRate).toBeGreaterThan(0);
    expect(qualification.conversionRate).toBeLessThanOrEqual(1);
    expect(m.won).toBeGreaterThan(0);
    expect(m.winLossByReason.length).toBeGreaterThan(0);
    expect(m.velocity.avgDaysToClose).toBeGreaterThan(0);
    // Stored scores are the scoring's own (not seeded at random): the metrics recompute the same.
    const open = (await manager.opportunity.list({ pipelineId: pipeline.id, status: 'open', limit: 5 })).data;
    for (const o of open) expect((await manager.opportunity.metrics.get({ opportunityId: o.id })).score).toBe(o.score);
  });
});
