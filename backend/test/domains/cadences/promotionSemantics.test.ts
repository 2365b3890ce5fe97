import { LeadDetail, operations, type Promotion } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPromotionExpiry } from '#domains/cadences/jobs';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCadenceWorld, insertLeads, scheduleRow, type CadenceWorld } from './world';

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
  { name: 'Mail', scheduledAt: '2031-06-11T10:00:00Z' },
  { name: 'Call', scheduledAt: '2031-06-18T10:00:00Z', channel: 'call' },
];

/** A promotion over `n` leads due the day before its first touchpoint: all of them snap. */
async function snappedPromotion(
  n: number,
  endDate = '2031-06-30T00:00:00Z',
): Promise<{ p: Promotion; leads: string[]; before: Record<string, unknown>[] }> {
  const leads = await insertLeads(
    t.db.ownerKnex,
    w.acme.id,
    w.pipelineId,
    w.acme.users.salesRep.id,
    Array.from({ length: n }, () => new Date('2031-06-10T09:00:00Z')),
  );
  const before = await Promise.all(leads.map((id) => scheduleRow(t.db.ownerKnex, id)));
  const res = await t.call(
    'promotion.create',
    { pipelineId: w.pipelineId, name: 'P', endDate, touchpoints, leadIds: leads },
    manager(),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.data.snappedLeadIds).toHaveLength(n);
  return { p: res.body.data as Promotion, leads, before };
}

const mark = (op: 'complete' | 'skip', p: Promotion, i: number, leadId: string) =>
  t.call(`promotion.touchpoint.${op}`, { promotionId: p.id, touchpointId: p.touchpoints[i]!.id, leadId }, rep());

describe('promotion time lock', () => {
  it('Q1: no operation but promotion.create/update writes a touchpoint date; a lead reschedule never moves the container', async () => {
    const writers = Object.values(operations)
      .filter(
        (op) =>
          op.kind === 'mutation' &&
          'touchpoints' in
            ((op.input as unknown as { shape?: object }).shape ??
              (op.input as unknown as { def?: { schema?: { shape?: object } } }).def?.schema?.shape ??
              {}),
      )
      .map((op) => op.id)
      .sort();
    expect(writers).toEqual(['promotion.create', 'promotion.update']);
    const { p, leads } = await snappedPromotion(1);
    const forced = await t.call(
      'lead.reschedule',
      { id: leads[0], nextActionAt: '2031-06-20T09:00:00Z', force: true },
      rep(),
    );
    expect(forced.status).toBe(200);
    const again = await t.call('promotion.get', { id: p.id }, rep());
    expect(again.body.data.touchpoints).toEqual(p.touchpoints);
  });

  it('Q2: moving a touchpoint with promotion.update moves every lead snapped on it', async () => {
    const { p, leads } = await snappedPromotion(3);
    const res = await t.call(
      'promotion.update',
      {
        id: p.id,
        touchpoints: [
          { ...touchpoints[0], id: p.touchpoints[0]!.id, scheduledAt: '2031-06-12T08:00:00Z' },
          { ...touchpoints[1], id: p.touchpoints[1]!.id },
        ],
      },
      manager(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const id of leads)
      expect((await scheduleRow(t.db.ownerKnex, id)).nextActionAt).toEqual(new Date('2031-06-12T08:00:00Z'));
    const due = await t.call('lead.due.list', { dueBefore: '2031-06-12T08:00:00Z', pipelineId: w.pipelineId }, rep());
    expect(due.body.data.filter((l: { snappedPromotionId: string }) => l.snappedPromotionId === p.id)).toHaveLength(3);
  });

  it('Q3: push, reschedule, complete and edit refuse a locked lead (409 lead_locked), and with force record an explicit release', async () => {
    const { p, leads, before } = await snappedPromotion(4);
    const calls: [string, Record<string, unknown>][] = [
      ['lead.push', { preset: 'nextWeek' }],
      ['lead.reschedule', { nextActionAt: '2031-07-01T09:00:00Z' }],
      ['lead.complete', {}],
      ['lead.update', { stageKey: 'touch2' }],
    ];
    for (const [i, [op, body]] of calls.entries()) {
      const locked = await t.call(op, { id: leads[i], ...body }, rep());
      expect(locked.status, op).toBe(409);
      expect(locked.body.error).toMatchObject({ code: 'lead_locked', details: { promotionId: p.id } });
      const forced = await t.call(op, { id: leads[i], ...body, force: true }, rep());
      expect(forced.status, op).toBe(200);
      expect(forced.body.data.snappedPromotionId).toBeNull();
      const detail = LeadDetail.parse((await t.call('lead.get', { id: leads[i] }, rep())).body.data);
      expect(detail.lockReleases).toEqual([
        { promotionId: p.id, operation: op, at: expect.any(String), by: w.acme.users.salesRep.id },
      ]);
    }
    const kept = await Promise.all(leads.map((id) => scheduleRow(t.db.ownerKnex, id)));
    const deleted = await t.call('promotion.delete', { id: p.id }, manager());
    expect(deleted.body.data.restored).toEqual([]);
    // Released leads keep what the user chose; their release records outlive the promotion.
    expect(await Promise.all(leads.map((id) => scheduleRow(t.db.ownerKnex, id)))).toEqual(kept);
    expect(kept).not.toEqual(before);
    expect(await t.db.ownerKnex('leadLockReleases').whereIn('leadId', leads)).toHaveLength(4);
  });

  it('Q4: delete restores the snapshot exactly even after the cadence changed (never recomputed)', async () => {
    const { p, leads, before } = await snappedPromotion(2);
    const cadence = await t.call(
      'cadence.update',
      { pipelineId: w.pipelineId, dayStartTime: '07:15', timeZone: 'America/New_York' },
      manager(),
    );
    expect(cadence.status).toBe(200);
    const res = await t.call('promotion.delete', { id: p.id }, manager());
    expect(res.body.data.restored.map((r: { leadId: string }) => r.leadId)).toEqual([...leads].sort());
    expect(await Promise.all(leads.map((id) => scheduleRow(t.db.ownerKnex, id)))).toEqual(before);
    await t.call('cadence.update', { pipelineId: w.pipelineId, dayStartTime: '09:00', timeZone: 'UTC' }, manager());
  });

  it('a snapshot is immutable: the database refuses to change its pre-promotion fields', async () => {
    const { p, leads } = await snappedPromotion(1);
    await expect(
      t.db
        .ownerKnex('promotionSnapshots')
        .where({ promotionId: p.id, leadId: leads[0] })
        .update({ preNextActionAt: new Date() }),
    ).rejects.toThrow(/immutable/);
  });
});

describe('promotion resolution', () => {
  it('Q5: skipped resolves a touchpoint like done: once all are resolved the replaced stage is done, at the latest done time (all skipped: the latest skip)', async () => {
    const { p, leads, before } = await snappedPromotion(3);
    const [allDone, mixed, allSkipped] = leads as [string, string, string];
    expect((await mark('complete', p, 0, allDone)).status).toBe(200);
    expect((await scheduleRow(t.db.ownerKnex, allDone)).snappedPromotionId).toBe(p.id);
    await mark('complete', p, 1, allDone);
    const advanced = await scheduleRow(t.db.ownerKnex, allDone);
    expect(advanced).toMatchObject({
      stageKey: 'touch2',
      snappedPromotionId: null,
      lastActionSource: 'promotion_touchpoint',
    });
    const doneAt = (await t.db
      .ownerKnex('promotionTouchpointStatuses')
      .where({ leadId: allDone })
      .max('completedAt as m')
      .first()) as { m: Date };
    expect(advanced.lastActionAt).toEqual(doneAt.m);

    await mark('skip', p, 0, mixed);
    await mark('complete', p, 1, mixed);
    expect(await scheduleRow(t.db.ownerKnex, mixed)).toMatchObject({ stageKey: 'touch2', snappedPromotionId: null });

    await mark('skip', p, 0, allSkipped);
    expect((await scheduleRow(t.db.ownerKnex, allSkipped)).snappedPromotionId).toBe(p.id);
    await mark('skip', p, 1, allSkipped);
    const skipped = await scheduleRow(t.db.ownerKnex, allSkipped);
    expect(skipped).toMatchObject({
      stageKey: 'touch2',
      snappedPromotionId: null,
      lastActionSource: 'promotion_touchpoint',
    });
    expect(skipped).not.toEqual(before[2]);
    const skippedAt = (await t.db
      .ownerKnex('promotionTouchpointStatuses')
      .where({ leadId: allSkipped })
      .max('completedAt as m')
      .first()) as { m: Date };
    expect(skipped.lastActionAt).toEqual(skippedAt.m);
    expect(await t.db.ownerKnex('promotionSnapshots').where({ leadId: allSkipped }).first('endedAs')).toEqual({
      endedAs: 'resolved',
    });
    const got = await t.call('promotion.get', { id: p.id }, rep());
    expect(got.body.data.snappedLeadIds).toEqual([]);
    expect(got.body.data.progress).toEqual([
      { touchpointId: p.touchpoints[0]!.id, open: 0, done: 1, skipped: 2 },
      { touchpointId: p.touchpoints[1]!.id, open: 0, done: 2, skipped: 1 },
    ]);
  });

  it('expiry (worker): advances snapped leads with a done touchpoint, restores the others exactly, and is idempotent', async () => {
    const { p, leads, before } = await snappedPromotion(2, '2031-06-20T00:00:00Z');
    await mark('complete', p, 0, leads[0]!);
    const report = await runPromotionExpiry(t.db.ownerKnex, new Date('2031-06-21T00:00:00Z'));
    expect(report).toMatchObject({ expired: 1, advanced: 1, restored: 1 });
    expect(await scheduleRow(t.db.ownerKnex, leads[0]!)).toMatchObject({
      stageKey: 'touch2',
      snappedPromotionId: null,
    });
    expect(await scheduleRow(t.db.ownerKnex, leads[1]!)).toEqual(before[1]);
    expect((await t.call('promotion.get', { id: p.id }, rep())).body.data.status).toBe('expired');
    expect(await runPromotionExpiry(t.db.ownerKnex, new Date('2031-06-22T00:00:00Z'))).toEqual({
      expired: 0,
      advanced: 0,
      restored: 0,
    });
    expect((await mark('complete', p, 1, leads[1]!)).status).toBe(409);
  });

  it('leaving the cohort restores a snapped lead exactly; joining snaps a new one', async () => {
    const { p, leads, before } = await snappedPromotion(2);
    const [newcomer] = await insertLeads(t.db.ownerKnex, w.acme.id, w.pipelineId, w.acme.users.salesRep.id, [
      new Date('2031-06-17T09:00:00Z'),
    ]);
    const res = await t.call('promotion.update', { id: p.id, leadIds: [leads[0], newcomer] }, manager());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await scheduleRow(t.db.ownerKnex, leads[1]!)).toEqual(before[1]);
    expect(await scheduleRow(t.db.ownerKnex, newcomer!)).toMatchObject({
      nextActionAt: new Date('2031-06-18T10:00:00Z'),
      snappedPromotionId: p.id,
    });
    expect(res.body.data.cohort.leadIds).toEqual([leads[0], newcomer]);
  });
});
