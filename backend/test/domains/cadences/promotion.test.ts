import { Promotion, PromotionPreview, RestoreResult, TouchpointStatus } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import {
  buildCadenceWorld,
  cadenceTables,
  insertLeads,
  issuePaths,
  scheduleRow,
  writeCounts,
  type CadenceWorld,
} from './world';

let t: TestApp;
let w: CadenceWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
});
afterAll(async () => t?.close());

const manager = () => w.acme.users.salesManager.token;
const rep = () => w.acme.users.salesRep.token;
const touchpoints = [
  { name: 'Launch mail', scheduledAt: '2031-06-11T10:00:00Z' },
  { name: 'Follow-up call', scheduledAt: '2031-06-18T10:00:00Z', channel: 'call' },
];
const endDate = '2031-06-30T00:00:00Z';

/** Two leads due near the first touchpoint (they snap), one due long after (it does not). */
async function cohort(): Promise<{ near: string; near2: string; far: string }> {
  const [near, near2, far] = await insertLeads(t.db.ownerKnex, w.acme.id, w.pipelineId, w.acme.users.salesRep.id, [
    new Date('2031-06-10T09:00:00Z'),
    new Date('2031-06-12T09:00:00Z'),
    new Date('2031-08-01T09:00:00Z'),
  ]);
  return { near: near!, near2: near2!, far: far! };
}

async function create(leadIds: string[]): Promise<Promotion> {
  const res = await t.call(
    'promotion.create',
    { pipelineId: w.pipelineId, name: 'Summer', endDate, touchpoints, leadIds },
    manager(),
  );
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return Promotion.parse(res.body.data);
}

/** 400 naming `path`, nothing written. */
async function expect400(op: string, body: unknown, path: string): Promise<void> {
  const counts = await writeCounts(t.db.ownerKnex, cadenceTables);
  const res = await t.call(op, body, manager());
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(issuePaths(res.body)).toContain(path);
  expect(await writeCounts(t.db.ownerKnex, cadenceTables)).toEqual(counts);
}

describe('promotion.preview', () => {
  it('shows which leads have an upcoming stage within the snap window of a touchpoint, and why the others do not', async () => {
    const c = await cohort();
    const res = await t.call(
      'promotion.preview',
      { pipelineId: w.pipelineId, touchpoints, leadIds: [c.near, c.far, w.otherLeadId] },
      manager(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const preview = PromotionPreview.parse(res.body.data);
    expect(preview.snaps).toEqual([
      {
        leadId: c.near,
        touchpointId: null,
        touchpointAt: '2031-06-11T10:00:00.000Z',
        replacedStageKey: 'touch1',
        stageDueAt: '2031-06-10T09:00:00.000Z',
      },
    ]);
    expect(preview.notSnapped).toEqual([
      { leadId: c.far, reason: 'no_stage_in_window' },
      { leadId: w.otherLeadId, reason: 'not_found' },
    ]);
  });

  it('answers 400 / 422 for another tenant pipeline / 403', async () => {
    await expect400(
      'promotion.preview',
      { pipelineId: w.pipelineId, touchpoints: [], leadIds: [w.otherLeadId] },
      'touchpoints',
    );
    expect(
      (
        await t.call(
          'promotion.preview',
          { pipelineId: w.otherPipelineId, touchpoints, leadIds: [w.otherLeadId] },
          manager(),
        )
      ).status,
    ).toBe(422);
    expect(
      (await t.call('promotion.preview', { pipelineId: w.pipelineId, touchpoints, leadIds: [w.otherLeadId] }, rep()))
        .status,
    ).toBe(403);
  });
});

describe('promotion.create, promotion.get, promotion.list', () => {
  it('persists the cohort, one container per touchpoint, snaps matching leads with a snapshot and no per-lead rows', async () => {
    const c = await cohort();
    const before = await scheduleRow(t.db.ownerKnex, c.near);
    const promotion = await create([c.near, c.near2, c.far]);
    expect(promotion).toMatchObject({ name: 'Summer', status: 'active', snapWindowDays: 2, version: 1 });
    expect(promotion.cohort.leadIds).toEqual([c.near, c.near2, c.far]);
    expect(promotion.cohort.sources[c.near]).toEqual(['manual', 'snap_active']);
    expect(promotion.snappedLeadIds).toEqual([c.near, c.near2].sort());
    expect(promotion.progress.map((p) => p.open)).toEqual([3, 3]);
    const db = t.db.ownerKnex;
    expect(await db('promotionTouchpoints').where({ promotionId: promotion.id })).toHaveLength(2);
    expect(await db('promotionTouchpointStatuses').where({ promotionId: promotion.id })).toHaveLength(0);
    const snap = await db('promotionSnapshots').where({ promotionId: promotion.id, leadId: c.near }).first();
    expect(snap).toMatchObject({
      replacedStageKey: 'touch1',
      preStageKey: before.stageKey,
      preNextActionAt: before.nextActionAt,
      preLastActionAt: before.lastActionAt,
      endedAs: null,
    });
    expect(await scheduleRow(db, c.near)).toMatchObject({
      nextActionAt: new Date('2031-06-11T10:00:00Z'),
      snappedPromotionId: promotion.id,
    });
    expect((await scheduleRow(db, c.far)).snappedPromotionId).toBeNull();

    const got = await t.call('promotion.get', { id: promotion.id }, rep());
    expect(got.body.data).toEqual(promotion);
    const listed = await t.call(
      'promotion.list',
      { pipelineId: w.pipelineId, activeAt: '2031-06-15T00:00:00Z' },
      rep(),
    );
    expect(listed.body.data.map((p: Promotion) => p.id)).toContain(promotion.id);
    expect((await t.call('promotion.list', { status: 'expired' }, rep())).body.data).toEqual([]);
  });

  it('answers 400 naming the field and writes nothing, 422 for another tenant lead, 404 / 403', async () => {
    await expect400(
      'promotion.create',
      { pipelineId: w.pipelineId, name: 'x', endDate: '2031-06-01T00:00:00Z', touchpoints, leadIds: [w.otherLeadId] },
      'touchpoints',
    );
    await expect400(
      'promotion.create',
      { pipelineId: w.pipelineId, name: '', endDate, touchpoints, leadIds: [] },
      'leadIds',
    );
    const other = await t.call(
      'promotion.create',
      { pipelineId: w.pipelineId, name: 'x', endDate, touchpoints, leadIds: [w.otherLeadId] },
      manager(),
    );
    expect(other.status).toBe(422);
    expect(other.body.error.details.field).toBe('leadIds');
    const [otherPromotion] = await t.db.ownerKnex('promotions').where({ tenantId: w.other.id }).select('id');
    expect(otherPromotion).toBeUndefined();
    expect((await t.call('promotion.get', { id: w.otherLeadId }, rep())).status).toBe(404);
    expect(issuePaths((await t.call('promotion.get', { id: 'x' }, rep())).body)).toEqual(['id']);
    expect(issuePaths((await t.call('promotion.list', { status: 'gone' }, rep())).body)).toEqual(['status']);
    expect(
      (
        await t.call(
          'promotion.create',
          { pipelineId: w.pipelineId, name: 'x', endDate, touchpoints, leadIds: [w.otherLeadId] },
          rep(),
        )
      ).status,
    ).toBe(403);
    expect((await t.call('promotion.get', { id: w.otherLeadId }, w.acme.users.clientViewer.token)).status).toBe(403);
    expect((await t.call('promotion.list', {}, w.acme.users.clientViewer.token)).status).toBe(403);
  });
});

describe('promotion.update, promotion.touchpoint.complete/skip, promotion.restore, promotion.delete', () => {
  it('happy paths: move a touchpoint, mark leads, restore one early, delete the rest exactly', async () => {
    const c = await cohort();
    const before = await scheduleRow(t.db.ownerKnex, c.near2);
    const p = await create([c.near, c.near2, c.far]);
    const moved = await t.call(
      'promotion.update',
      {
        id: p.id,
        expectedVersion: 1,
        touchpoints: [
          { ...touchpoints[0], id: p.touchpoints[0]!.id, scheduledAt: '2031-06-12T10:00:00Z' },
          { ...touchpoints[1], id: p.touchpoints[1]!.id },
        ],
      },
      manager(),
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data.version).toBe(2);
    expect((await scheduleRow(t.db.ownerKnex, c.near)).nextActionAt).toEqual(new Date('2031-06-12T10:00:00Z'));

    const done = await t.call(
      'promotion.touchpoint.complete',
      { promotionId: p.id, touchpointId: p.touchpoints[0]!.id, leadId: c.far },
      rep(),
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(TouchpointStatus.parse(done.body.data)).toMatchObject({
      status: 'done',
      leadId: c.far,
      actorId: w.acme.users.salesRep.id,
    });
    const skipped = await t.call(
      'promotion.touchpoint.skip',
      { promotionId: p.id, touchpointId: p.touchpoints[1]!.id, leadId: c.far, reason: 'out of office' },
      rep(),
    );
    expect(skipped.body.data.status).toBe('skipped');

    const early = await t.call('promotion.restore', { id: p.id, leadIds: [c.near2] }, manager());
    expect(RestoreResult.parse(early.body.data).restored.map((r) => r.leadId)).toEqual([c.near2]);
    expect(await scheduleRow(t.db.ownerKnex, c.near2)).toEqual(before);

    const deleted = await t.call('promotion.delete', { id: p.id }, manager());
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.restored.map((r: { leadId: string }) => r.leadId)).toEqual([c.near]);
    expect(await t.db.ownerKnex('promotions').where({ id: p.id })).toHaveLength(0);
  });

  it('each answers 400 naming the field and writes nothing', async () => {
    const c = await cohort();
    const p = await create([c.far]);
    const tp = p.touchpoints[0]!.id;
    await expect400('promotion.update', { id: p.id, snapWindowDays: 99 }, 'snapWindowDays');
    await expect400(
      'promotion.touchpoint.complete',
      { promotionId: p.id, touchpointId: 'x', leadId: c.far },
      'touchpointId',
    );
    await expect400(
      'promotion.touchpoint.skip',
      { promotionId: p.id, touchpointId: tp, leadId: c.far, reason: 'x'.repeat(600) },
      'reason',
    );
    await expect400('promotion.restore', { id: p.id, leadIds: [] }, 'leadIds');
    await expect400('promotion.delete', { id: p.id, expectedVersion: 0 }, 'expectedVersion');
  });

  it("each answers 404 for another tenant's promotion and 403 without the permission", async () => {
    const c = await cohort();
    const p = await create([c.far]);
    const [otherLead] = await insertLeads(t.db.ownerKnex, w.other.id, w.otherPipelineId, w.other.users.salesRep.id, [
      new Date('2031-06-11T09:00:00Z'),
    ]);
    const otherPromotion = await t.call(
      'promotion.create',
      { pipelineId: w.otherPipelineId, name: 'Theirs', endDate, touchpoints, leadIds: [otherLead] },
      w.other.users.salesManager.token,
    );
    const theirs = otherPromotion.body.data as Promotion;
    const tp = { promotionId: theirs.id, touchpointId: theirs.touchpoints[0]!.id, leadId: otherLead };
    const calls: [string, Record<string, unknown>, string][] = [
      ['promotion.update', { id: theirs.id, name: 'x' }, manager()],
      ['promotion.touchpoint.complete', tp, rep()],
      ['promotion.touchpoint.skip', tp, rep()],
      ['promotion.restore', { id: theirs.id }, manager()],
      ['promotion.delete', { id: theirs.id }, manager()],
    ];
    for (const [op, body, token] of calls) expect((await t.call(op, body, token)).status, op).toBe(404);
    expect((await scheduleRow(t.db.ownerKnex, otherLead!)).snappedPromotionId).toBe(theirs.id);
    const ownTp = { promotionId: p.id, touchpointId: p.touchpoints[0]!.id, leadId: c.far };
    expect((await t.call('promotion.update', { id: p.id, name: 'x' }, rep())).status).toBe(403);
    expect((await t.call('promotion.restore', { id: p.id }, rep())).status).toBe(403);
    expect((await t.call('promotion.delete', { id: p.id }, rep())).status).toBe(403);
    expect((await t.call('promotion.touchpoint.complete', ownTp, w.acme.users.analyst.token)).status).toBe(403);
    expect((await t.call('promotion.touchpoint.skip', ownTp, w.acme.users.analyst.token)).status).toBe(403);
  });
});
