import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity, createPipeline } from '../../helpers/factories';
import { auditOf, eventsOf, expectCall, expectValidation, tableCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
const ids = { pipeline: '', bare: '' };
beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  ids.pipeline = (
    await createPipeline(t.db.ownerKnex, acme.id, {
      ownerId: acme.users.salesManager.id,
      clientId: acme.clientId,
      slaPolicy: { stageProbability: { proposal: 0.35 } },
    })
  ).id;
  ids.bare = (
    await createPipeline(t.db.ownerKnex, acme.id, {
      ownerId: acme.users.salesManager.id,
      stageOrder: ['intro', 'deal'],
    })
  ).id;
});
afterAll(async () => t?.close());

const repOpp = (values: Record<string, unknown> = {}) =>
  createOpportunity(t.db.ownerKnex, acme.id, {
    pipelineId: ids.pipeline,
    clientId: acme.clientId,
    ownerId: acme.users.salesRep.id,
    amount: '5000.00',
    stageEnteredAt: new Date('2026-01-01T00:00:00Z'),
    ...values,
  });
const eventsFor = async (id: string, name?: string) =>
  (await eventsOf(t.db.ownerKnex, acme.id, name)).filter((e) => e.payload.opportunityId === id);

describe('opportunity.moveStage', () => {
  it('moves the stage, resets stageEnteredAt, takes the policy probability, audits and emits opportunity.stageChanged', async () => {
    const o = await repOpp();
    const { data } = await expectCall(
      t,
      'opportunity.moveStage',
      { id: o.id, stage: 'proposal', expectedVersion: 1 },
      acme.users.salesRep.token,
    );
    expect(data).toMatchObject({ stage: 'proposal', probability: 0.35, version: 2 });
    expect(data.stageEnteredAt).toBe(data.updatedAt);
    expect(await t.db.ownerKnex('opportunities').where({ id: o.id }).first()).toMatchObject({
      stage: 'proposal',
      probability: 0.35,
      version: 2,
    });
    const [audit] = (await auditOf(t.db.ownerKnex, acme.id, 'opportunity.moveStage')).filter(
      (a) => a.targetId === o.id,
    );
    expect(audit).toMatchObject({ before: { stage: 'qualification' }, after: { stage: 'proposal' } });
    expect(await eventsFor(o.id)).toEqual([
      {
        name: 'opportunity.stageChanged',
        clientId: acme.clientId,
        payload: {
          opportunityId: o.id,
          pipelineId: ids.pipeline,
          clientId: acme.clientId,
          projectId: null,
          ownerId: acme.users.salesRep.id,
          fromStage: 'qualification',
          toStage: 'proposal',
          amount: '5000.00',
          currency: 'EUR',
          version: 2,
        },
      },
    ]);
    const next = await expectCall(
      t,
      'opportunity.moveStage',
      { id: o.id, stage: 'negotiation' },
      acme.users.salesRep.token,
    );
    expect(next.data).toMatchObject({ stage: 'negotiation', probability: 0.35, version: 3 });
  });

  it('is a no-op without event for the current stage, and replays with the same Idempotency-Key', async () => {
    const o = await repOpp();
    const same = await expectCall(
      t,
      'opportunity.moveStage',
      { id: o.id, stage: 'qualification' },
      acme.users.salesRep.token,
    );
    expect(same.data.version).toBe(1);
    const headers = { 'idempotency-key': `move-${o.id}` };
    const first = await t.call('opportunity.moveStage', { id: o.id, stage: 'negotiation' }, acme.users.salesRep.token, {
      headers,
    });
    const again = await t.call('opportunity.moveStage', { id: o.id, stage: 'negotiation' }, acme.users.salesRep.token, {
      headers,
    });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const reused = await t.call('opportunity.moveStage', { id: o.id, stage: 'proposal' }, acme.users.salesRep.token, {
      headers,
    });
    expect([reused.status, reused.body.error.code]).toEqual([409, 'idempotency_conflict']);
    expect((await t.db.ownerKnex('opportunities').where({ id: o.id }).first()).version).toBe(2);
    expect(await eventsFor(o.id)).toHaveLength(1);
  });

  it('refuses unknown and closing stages, closed opportunities and stale versions (409)', async () => {
    const o = await repOpp();
    const cases: [Record<string, unknown>, string][] = [
      [{ stage: 'demo' }, 'stage_not_in_pipeline'],
      [{ stage: 'closedWon' }, 'invalid_state'],
      [{ stage: 'closedLost' }, 'invalid_state'],
      [{ stage: 'proposal', expectedVersion: 9 }, 'version_conflict'],
    ];
    for (const [input, code] of cases) {
      const res = await t.call('opportunity.moveStage', { id: o.id, ...input }, acme.users.salesRep.token);
      expect([res.status, res.body.error.code], code).toEqual([409, code]);
    }
    expect(
      (await t.call('opportunity.moveStage', { id: o.id, stage: 'closedWon' }, acme.users.salesRep.token)).body.error
        .message,
    ).toMatch(/opportunity\.win/);
    const won = await repOpp({ status: 'won', stage: 'closedWon' });
    const res = await t.call('opportunity.moveStage', { id: won.id, stage: 'proposal' }, acme.users.salesRep.token);
    expect([res.status, res.body.error.code]).toEqual([409, 'opportunity_closed']);
    expect(await eventsFor(o.id)).toEqual([]);
  });

  it("gives a rep 403 not_owner on another rep's opportunity; a manager may move it", async () => {
    const theirs = await repOpp({ ownerId: acme.users.admin.id });
    const res = await t.call('opportunity.moveStage', { id: theirs.id, stage: 'proposal' }, acme.users.salesRep.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'not_owner']);
    expect(
      (
        await expectCall(
          t,
          'opportunity.moveStage',
          { id: theirs.id, stage: 'proposal' },
          acme.users.salesManager.token,
        )
      ).data.stage,
    ).toBe('proposal');
  });

  it("answers 400 naming the field, 404 for another tenant's id, 403 without opportunity.write, changing nothing", async () => {
    const o = await repOpp();
    const foreign = await createOpportunity(t.db.ownerKnex, other.id);
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(
      await t.call('opportunity.moveStage', { id: o.id, stage: '1st' }, acme.users.admin.token),
      'stage',
    );
    expectValidation(await t.call('opportunity.moveStage', { stage: 'proposal' }, acme.users.admin.token), 'id');
    expect(
      (await t.call('opportunity.moveStage', { id: foreign.id, stage: 'proposal' }, acme.users.admin.token)).status,
    ).toBe(404);
    for (const role of ['marketer', 'analyst', 'clientViewer'] as const) {
      expect(
        (await t.call('opportunity.moveStage', { id: o.id, stage: 'proposal' }, acme.users[role].token)).status,
        role,
      ).toBe(403);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
    expect((await t.db.ownerKnex('opportunities').where({ id: foreign.id }).first()).stage).toBe('qualification');
  });
});

for (const [op, status, stage, probability, event] of [
  ['opportunity.win', 'won', 'closedWon', 1, 'opportunity.won'],
  ['opportunity.lose', 'lost', 'closedLost', 0, 'opportunity.lost'],
] as const) {
  describe(op, () => {
    it(`closes as ${status}: reason, stage ${stage}, probability ${probability}, closedAt; emits ${event} and opportunity.stageChanged`, async () => {
      const o = await repOpp({ stage: 'negotiation' });
      const { data } = await expectCall(
        t,
        op,
        { id: o.id, reason: 'Decision made', expectedVersion: 1 },
        acme.users.salesRep.token,
      );
      expect(data).toMatchObject({ status, stage, probability, reason: 'Decision made', version: 2 });
      const row = await t.db.ownerKnex('opportunities').where({ id: o.id }).first();
      expect(row).toMatchObject({ status, stage, reason: 'Decision made', version: 2 });
      expect(row.closedAt).toBeInstanceOf(Date);
      expect((await auditOf(t.db.ownerKnex, acme.id, op)).filter((a) => a.targetId === o.id)).toHaveLength(1);
      const refs = {
        opportunityId: o.id,
        pipelineId: ids.pipeline,
        clientId: acme.clientId,
        projectId: null,
        ownerId: acme.users.salesRep.id,
      };
      expect((await eventsFor(o.id)).map((e) => [e.name, e.payload])).toEqual([
        [event, { ...refs, stage, amount: '5000.00', currency: 'EUR', reason: 'Decision made' }],
        [
          'opportunity.stageChanged',
          { ...refs, fromStage: 'negotiation', toStage: stage, amount: '5000.00', currency: 'EUR', version: 2 },
        ],
      ]);
      const again = await t.call(op, { id: o.id, reason: 'Twice' }, acme.users.salesRep.token);
      expect([again.status, again.body.error.code]).toEqual([409, 'opportunity_closed']);
    });

    it('keeps the stage (and emits no stageChanged) when the pipeline has no such stage', async () => {
      const o = await createOpportunity(t.db.ownerKnex, acme.id, {
        pipelineId: ids.bare,
        stage: 'deal',
        ownerId: acme.users.salesRep.id,
      });
      const { data } = await expectCall(t, op, { id: o.id, reason: 'Done' }, acme.users.salesManager.token);
      expect(data).toMatchObject({ status, stage: 'deal', probability });
      expect((await eventsFor(o.id)).map((e) => e.name)).toEqual([event]);
    });

    it("refuses other reps' opportunities (403 not_owner) and stale versions (409)", async () => {
      const theirs = await repOpp({ ownerId: acme.users.admin.id });
      expect((await t.call(op, { id: theirs.id, reason: 'x' }, acme.users.salesRep.token)).body.error.code).toBe(
        'not_owner',
      );
      expect(
        (await t.call(op, { id: theirs.id, reason: 'x', expectedVersion: 2 }, acme.users.salesManager.token)).body.error
          .code,
      ).toBe('version_conflict');
    });

    it("answers 400 naming reason, 404 for another tenant's id, 403 without opportunity.write, changing nothing", async () => {
      const o = await repOpp();
      const foreign = await createOpportunity(t.db.ownerKnex, other.id);
      const before = await tableCounts(t.db.ownerKnex, acme.id);
      expectValidation(await t.call(op, { id: o.id }, acme.users.admin.token), 'reason');
      expectValidation(await t.call(op, { id: o.id, reason: '   ' }, acme.users.admin.token), 'reason');
      expect((await t.call(op, { id: foreign.id, reason: 'x' }, acme.users.admin.token)).status).toBe(404);
      expect((await t.call(op, { id: o.id, reason: 'x' }, acme.users.analyst.token)).status).toBe(403);
      expect((await t.call(op, { id: o.id, reason: 'x' }, acme.users.clientApprover.token)).status).toBe(403);
      expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
      expect((await t.db.ownerKnex('opportunities').where({ id: foreign.id }).first()).status).toBe('open');
    });
  });
}
