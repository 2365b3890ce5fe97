import { Promotion, PromotionPreview } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCadenceWorld, insertLeads, scheduleRow, type CadenceWorld } from './world';

// Issue 12 item 14: after promotion.update the snaps are those create (and preview) derive from the new touchpoints.
let t: TestApp;
let w: CadenceWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
});
afterAll(async () => t?.close());

const manager = () => w.acme.users.salesManager.token;
const db = () => t.db.ownerKnex;
const T1 = { name: 'Launch mail', scheduledAt: '2031-06-11T10:00:00.000Z' };
const T2 = { name: 'Follow-up call', scheduledAt: '2031-06-18T10:00:00.000Z', channel: 'call' };
const endDate = '2031-06-30T00:00:00Z';

const leads = (...dues: string[]) =>
  insertLeads(
    db(),
    w.acme.id,
    w.pipelineId,
    w.acme.users.salesRep.id,
    dues.map((d) => new Date(d)),
  );
const rows = (ids: readonly string[]) => Promise.all(ids.map((id) => scheduleRow(db(), id)));
const snapshot = (promotionId: string, leadId: string) =>
  db()('promotionSnapshots').where({ promotionId, leadId }).first();

async function call<T>(op: string, body: unknown): Promise<T> {
  const res = await t.call(op, body, manager());
  expect(res.status, `${op}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body.data as T;
}
const create = (touchpoints: unknown[], leadIds: string[], extra: Record<string, unknown> = {}) =>
  call<Promotion>('promotion.create', {
    pipelineId: w.pipelineId,
    name: 'Summer',
    endDate,
    touchpoints,
    leadIds,
    ...extra,
  }).then((p) => Promotion.parse(p));
const update = (body: Record<string, unknown>) =>
  call<Promotion>('promotion.update', body).then((p) => Promotion.parse(p));

describe('promotion.update derives the snaps create would', () => {
  it('adding a touchpoint snaps the leads it reaches, as the two-touchpoint preview says; delete restores both exactly', async () => {
    const ids = await leads('2031-06-10T09:00:00Z', '2031-06-17T09:00:00Z');
    const [a, b] = ids as [string, string];
    const before = await rows(ids);
    const preview = PromotionPreview.parse(
      await call('promotion.preview', { pipelineId: w.pipelineId, touchpoints: [T1, T2], leadIds: ids }),
    );
    expect(preview.snaps.map((s) => [s.leadId, s.touchpointAt])).toEqual([
      [a, T1.scheduledAt],
      [b, T2.scheduledAt],
    ]);

    const p = await create([T1], ids);
    expect(p.snappedLeadIds).toEqual([a]);
    expect((await scheduleRow(db(), b)).snappedPromotionId).toBeNull();
    const taken = await snapshot(p.id, a);

    const updated = await update({ id: p.id, touchpoints: [{ ...T1, id: p.touchpoints[0]!.id }, T2] });
    expect(updated.snappedLeadIds).toEqual([a, b].sort());
    expect(updated.cohort.sources[b]).toEqual(['manual', 'snap_active']);
    for (const snap of preview.snaps) {
      expect(await scheduleRow(db(), snap.leadId)).toMatchObject({
        nextActionAt: new Date(snap.touchpointAt),
        snappedPromotionId: p.id,
        stageKey: snap.replacedStageKey,
      });
    }
    expect(await snapshot(p.id, a)).toEqual(taken);
    expect(await snapshot(p.id, b)).toMatchObject({
      touchpointId: updated.touchpoints[1]!.id,
      endedAs: null,
      preStageKey: before[1]!.stageKey,
      preNextActionAt: before[1]!.nextActionAt,
      preLastActionAt: before[1]!.lastActionAt,
      preLastActionSource: before[1]!.lastActionSource,
    });

    const deleted = await call<{ restored: { leadId: string }[] }>('promotion.delete', { id: p.id });
    expect(deleted.restored.map((r) => r.leadId)).toEqual([a, b].sort());
    expect(await rows(ids)).toEqual(before);
  });

  it('a touchpoint replaced without its id re-snaps its leads onto the new date, keeping their original snapshot', async () => {
    const ids = await leads('2031-06-10T09:00:00Z', '2031-06-12T09:00:00Z');
    const before = await rows(ids);
    const p = await create([T1], ids);
    expect(p.snappedLeadIds).toEqual([...ids].sort());
    const taken = await Promise.all(ids.map((id) => snapshot(p.id, id)));

    const moved = '2031-06-12T15:00:00.000Z';
    const updated = await update({ id: p.id, touchpoints: [{ name: 'Launch mail, new date', scheduledAt: moved }] });
    const newId = updated.touchpoints[0]!.id;
    expect(newId).not.toBe(p.touchpoints[0]!.id);
    expect(updated.snappedLeadIds).toEqual([...ids].sort());
    for (const [i, id] of ids.entries()) {
      expect(await scheduleRow(db(), id)).toMatchObject({ nextActionAt: new Date(moved), snappedPromotionId: p.id });
      expect(await snapshot(p.id, id)).toEqual({ ...taken[i], touchpointId: newId });
    }
    await call('promotion.restore', { id: p.id });
    expect(await rows(ids)).toEqual(before);
  });

  it('a snapped lead follows the touchpoint that now matches it best, and is restored exactly when none reaches it; it snaps again later', async () => {
    const [lead] = (await leads('2031-06-12T09:00:00Z')) as [string];
    const before = await scheduleRow(db(), lead);
    const t2 = { name: 'Second', scheduledAt: '2031-06-14T10:00:00.000Z' };
    const p = await create([T1, t2], [lead]);
    const [tp1, tp2] = p.touchpoints as [Promotion['touchpoints'][number], Promotion['touchpoints'][number]];
    expect((await snapshot(p.id, lead)).touchpointId).toBe(tp1.id);

    // T1 moves three days after the due date (outside the 2-day window): the second touchpoint (2 days) takes over.
    await update({
      id: p.id,
      touchpoints: [
        { ...T1, id: tp1.id, scheduledAt: '2031-06-15T10:00:00.000Z' },
        { ...t2, id: tp2.id },
      ],
    });
    expect(await scheduleRow(db(), lead)).toMatchObject({
      nextActionAt: new Date(t2.scheduledAt),
      snappedPromotionId: p.id,
    });
    expect((await snapshot(p.id, lead)).touchpointId).toBe(tp2.id);

    // Both far away: nothing reaches the lead, which is exactly as before the promotion, with no snapshot left.
    const far = await update({
      id: p.id,
      touchpoints: [
        { ...T1, id: tp1.id, scheduledAt: '2031-06-25T10:00:00.000Z' },
        { ...t2, id: tp2.id, scheduledAt: '2031-06-26T10:00:00.000Z' },
      ],
    });
    expect(far.snappedLeadIds).toEqual([]);
    expect(far.cohort.sources[lead]).toEqual(['manual']);
    expect(await scheduleRow(db(), lead)).toEqual(before);
    expect(await snapshot(p.id, lead)).toBeUndefined();

    // Back within reach: snapped again, from a snapshot equal to the first one's fields.
    await update({ id: p.id, touchpoints: [{ ...T1, id: tp1.id }] });
    expect(await scheduleRow(db(), lead)).toMatchObject({
      nextActionAt: new Date(T1.scheduledAt),
      snappedPromotionId: p.id,
    });
    expect(await snapshot(p.id, lead)).toMatchObject({
      preNextActionAt: before.nextActionAt,
      preStageKey: before.stageKey,
      endedAs: null,
    });
    await call('promotion.delete', { id: p.id });
    expect(await scheduleRow(db(), lead)).toEqual(before);
  });

  it('a changed snap window and joining leads snap like create; a promotion created with snap: false never snaps', async () => {
    const ids = await leads('2031-06-08T09:00:00Z', '2031-06-10T09:00:00Z');
    const [farther, near] = ids as [string, string];
    const before = await rows(ids);
    const p = await create([T1], [near]);
    const widened = await update({ id: p.id, leadIds: ids, snapWindowDays: 3 });
    expect(widened.snappedLeadIds).toEqual([...ids].sort());
    const narrowed = await update({ id: p.id, snapWindowDays: 1 });
    expect(narrowed.snappedLeadIds).toEqual([near]);
    expect(await scheduleRow(db(), farther)).toEqual(before[0]);
    await call('promotion.delete', { id: p.id });
    expect(await rows(ids)).toEqual(before);

    const quiet = await create([T1], [near], { snap: false });
    expect(quiet.snappedLeadIds).toEqual([]);
    const changed = await update({
      id: quiet.id,
      touchpoints: [{ ...T1, id: quiet.touchpoints[0]!.id }, T2],
      leadIds: ids,
      snapWindowDays: 3,
    });
    expect(changed.snappedLeadIds).toEqual([]);
    expect(await rows(ids)).toEqual(before);
  });

  it('leaves leads alone whose snap ended by restore, release or resolution; a removed last open touchpoint resolves a worked lead', async () => {
    const ids = await leads('2031-06-10T09:00:00Z', '2031-06-10T09:00:00Z', '2031-06-10T09:00:00Z');
    const [restored, worked, released] = ids as [string, string, string];
    const p = await create([T1, T2], ids);
    await call('promotion.restore', { id: p.id, leadIds: [restored] });
    const afterRestore = await scheduleRow(db(), restored);
    expect(
      (await t.call('lead.push', { id: released, preset: 'nextWeek', force: true }, w.acme.users.salesRep.token))
        .status,
    ).toBe(200);
    const afterRelease = await scheduleRow(db(), released);
    const done = await t.call(
      'promotion.touchpoint.complete',
      { promotionId: p.id, touchpointId: p.touchpoints[0]!.id, leadId: worked },
      w.acme.users.salesRep.token,
    );
    expect(done.status).toBe(200);

    const updated = await update({ id: p.id, touchpoints: [{ ...T1, id: p.touchpoints[0]!.id }] });
    expect(updated.snappedLeadIds).toEqual([]);
    expect(await scheduleRow(db(), restored)).toEqual(afterRestore);
    expect(await scheduleRow(db(), released)).toEqual(afterRelease);
    expect(await scheduleRow(db(), worked)).toMatchObject({
      stageKey: 'touch2',
      snappedPromotionId: null,
      lastActionSource: 'promotion_touchpoint',
    });
    expect((await snapshot(p.id, worked)).endedAs).toBe('resolved');
  });
});
