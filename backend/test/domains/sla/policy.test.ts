import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTenant } from '../../../src/domains/sla/jobs';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity, createPipeline } from '../../helpers/factories';
import { expectCall, expectValidation, tableCounts } from '../pipelines/helpers';

let t: TestApp;
let acme: TestTenant;
let pipeline: { id: string; version: number };

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  pipeline = await createPipeline(t.db.ownerKnex, acme.id, { ownerId: acme.users.salesManager.id });
});
afterAll(async () => t?.close());

describe('SLA settings through pipeline.update', () => {
  it('sets typed limits, the clock and the escalation delay; sla.policy.get shows their effect per stage', async () => {
    await expectCall(
      t,
      'pipeline.update',
      {
        id: pipeline.id,
        slaPolicy: {
          defaultMaxIdleHours: 72,
          stageMaxStageHours: { proposal: 336 },
          clock: 'business',
          escalateAfterHours: 8,
        },
      },
      acme.users.admin.token,
    );
    const { data } = await expectCall(t, 'sla.policy.get', { pipelineId: pipeline.id }, acme.users.salesRep.token);
    expect(data).toMatchObject({ clock: 'business', escalateAfterHours: 8 });
    expect(data.stages.find((s: { stage: string }) => s.stage === 'proposal')).toMatchObject({
      maxIdleHours: 72,
      maxStageHours: 336,
    });
  });

  it('refuses an unknown stage, clock or a zero limit with the field path, writing nothing', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    const update = (slaPolicy: unknown) =>
      t.call('pipeline.update', { id: pipeline.id, slaPolicy }, acme.users.admin.token);
    expectValidation(await update({ stageMaxStageHours: { nope: 24 } }), 'slaPolicy.stageMaxStageHours.nope');
    expectValidation(await update({ clock: 'weekly' }), 'slaPolicy.clock');
    expectValidation(await update({ defaultMaxStageHours: 0 }), 'slaPolicy.defaultMaxStageHours');
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("moves the open deals' due times when the policy changes (the change marks them)", async () => {
    const entered = new Date('2026-03-02T09:00:00Z'); // a Monday
    const opp = await createOpportunity(t.db.ownerKnex, acme.id, {
      pipelineId: pipeline.id,
      ownerId: acme.users.salesRep.id,
      stageEnteredAt: entered,
    } as never);
    await evaluateTenant(t.db.ownerKnex, acme.id, entered);
    const clock = () => t.db.ownerKnex('slaClocks').where({ opportunityId: opp.id }).first();
    expect((await clock()).idleDueAt).toEqual(new Date('2026-03-05T09:00:00Z'));
    await expectCall(
      t,
      'pipeline.update',
      { id: pipeline.id, slaPolicy: { defaultMaxIdleHours: 24, clock: 'calendar' } },
      acme.users.admin.token,
    );
    await evaluateTenant(t.db.ownerKnex, acme.id, entered);
    expect((await clock()).idleDueAt).toEqual(new Date('2026-03-03T09:00:00Z'));
  });
});
