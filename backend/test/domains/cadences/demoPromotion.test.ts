import { PivotalError, type Lead } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '#db/seeds/demo';
import { createTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db.ownerKnex);
});
afterAll(async () => t?.close());

const DAY_MS = 86_400_000;
const fields = (l: Lead) => ({
  stageKey: l.stageKey,
  stageStatus: l.stageStatus,
  state: l.state,
  nextActionAt: l.nextActionAt,
  lastActionAt: l.lastActionAt,
  lastActionSource: l.lastActionSource,
  snappedPromotionId: l.snappedPromotionId,
});

describe('demo: a promotion over seeded leads through the SDK', () => {
  it('is created, worked and deleted with an exact revert', async () => {
    const manager = t.client(await t.token('acme', 'manager@acme.test'));
    const rep = t.client(await t.token('acme', 'rep@acme.test'));
    const pipeline = (await manager.pipeline.list({ q: 'Northwind' })).data[0]!;
    const cadence = await manager.cadence.get({ pipelineId: pipeline.id });
    expect(cadence.stages.map((s) => s.offsetDays)).toEqual([0, 2, 7, 15, 30]);
    expect(cadence.timeZone).toBe('Europe/London');
    const seeded = await manager.lead.list({ pipelineId: pipeline.id }).toArray();
    expect(seeded.length).toBeGreaterThanOrEqual(20);
    const before = new Map(seeded.map((l) => [l.id, fields(l)]));
    expect(
      (
        await manager.lead.due.list({
          ownerId: seeded[0]!.ownerId,
          dueBefore: new Date(Date.now() + 30 * DAY_MS).toISOString(),
        })
      ).data.length,
    ).toBeGreaterThan(0);

    // Touchpoints on the due days of two seeded leads: those leads (and their neighbours) snap.
    const future = seeded
      .filter((l) => Date.parse(l.nextActionAt!) > Date.now() + DAY_MS)
      .sort((a, b) => Date.parse(a.nextActionAt!) - Date.parse(b.nextActionAt!));
    const at = (l: Lead) => new Date(Date.parse(l.nextActionAt!) + 3_600_000).toISOString();
    const touchpoints = [
      { name: 'Spring offer mail', scheduledAt: at(future[0]!), channel: 'email' as const },
      { name: 'Spring offer call', scheduledAt: at(future[future.length - 1]!), channel: 'call' as const },
    ];
    const leadIds = seeded.map((l) => l.id);
    const preview = await manager.promotion.preview({
      pipelineId: pipeline.id,
      touchpoints,
      leadIds,
      snapWindowDays: 1,
    });
    const promotion = await manager.promotion.create({
      pipelineId: pipeline.id,
      name: 'Spring offer',
      endDate: new Date(Date.now() + 60 * DAY_MS).toISOString(),
      touchpoints,
      leadIds,
      snapWindowDays: 1,
    });
    expect([...promotion.snappedLeadIds].sort()).toEqual(preview.snaps.map((s) => s.leadId).sort());
    expect(promotion.snappedLeadIds.length).toBeGreaterThanOrEqual(3);
    const [locked, released, skipped] = promotion.snappedLeadIds as [string, string, string];
    const unsnapped = leadIds.find((id) => !promotion.snappedLeadIds.includes(id))!;

    // Work it: a locked lead refuses a push; a forced reschedule releases one; statuses are recorded apart.
    const refused = await rep.lead.push({ id: locked, preset: 'tomorrowMorning' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PivotalError);
    expect((refused as PivotalError).code).toBe('lead_locked');
    await rep.lead.reschedule({
      id: released,
      nextActionAt: new Date(Date.now() + 5 * DAY_MS).toISOString(),
      force: true,
    });
    await rep.promotion.touchpoint.complete({
      promotionId: promotion.id,
      touchpointId: promotion.touchpoints[0]!.id,
      leadId: unsnapped,
    });
    await rep.promotion.touchpoint.skip({
      promotionId: promotion.id,
      touchpointId: promotion.touchpoints[0]!.id,
      leadId: skipped,
      reason: 'on holiday',
    });
    const worked = await manager.promotion.get({ id: promotion.id });
    expect(worked.progress[0]).toMatchObject({ done: 1, skipped: 1, open: leadIds.length - 2 });

    // Delete: every lead the user did not force is exactly as seeded; the forced one shows its release.
    const result = await manager.promotion.delete({ id: promotion.id });
    expect(result.restored.map((r) => r.leadId)).not.toContain(released);
    const after = await manager.lead.list({ pipelineId: pipeline.id }).toArray();
    for (const lead of after) {
      if (lead.id === released) continue;
      expect(fields(lead), lead.name).toEqual(before.get(lead.id));
    }
    const detail = await manager.lead.get({ id: released });
    expect(detail.lockReleases).toEqual([
      expect.objectContaining({ promotionId: promotion.id, operation: 'lead.reschedule' }),
    ]);
  });
});
