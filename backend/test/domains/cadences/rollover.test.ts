import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRollover } from '#domains/cadences/jobs';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createPipeline } from '../../helpers/factories';
import { buildCadenceWorld, insertLeads, scheduleRow, type CadenceWorld } from './world';

let t: TestApp;
let w: CadenceWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
});
afterAll(async () => t?.close());

describe('nightly rollover worker', () => {
  it("moves overdue unlocked leads to the next day start in the cadence's zone, once per local date, leaving locked leads alone", async () => {
    const db = t.db.ownerKnex;
    const pipeline = await createPipeline(db, w.acme.id, { ownerId: w.acme.users.salesManager.id });
    const set = await t.call(
      'cadence.update',
      { pipelineId: pipeline.id, timeZone: 'Europe/Paris', dayStartTime: '08:30' },
      w.acme.users.salesManager.token,
    );
    expect(set.status).toBe(200);
    const owner = w.acme.users.salesRep.id;
    const [overdue, locked, future] = await insertLeads(db, w.acme.id, pipeline.id, owner, [
      new Date('2031-06-10T07:00:00Z'),
      new Date('2031-06-10T08:00:00Z'),
      new Date('2031-06-12T07:00:00Z'),
    ]);
    const promo = await t.call(
      'promotion.create',
      {
        pipelineId: pipeline.id,
        name: 'Lock',
        endDate: '2031-06-30T00:00:00Z',
        touchpoints: [{ name: 'x', scheduledAt: '2031-06-10T08:00:00Z' }],
        leadIds: [locked],
      },
      w.acme.users.salesManager.token,
    );
    expect(promo.body.data.snappedLeadIds).toEqual([locked]);
    const lockedBefore = await scheduleRow(db, locked!);
    const futureBefore = await scheduleRow(db, future!);

    // 22:30 in Paris (CEST): too early for this local date's rollover.
    expect((await runRollover(db, new Date('2031-06-10T20:30:00Z'))).moved).toBe(0);
    // 23:30 in Paris: the overdue lead moves to tomorrow 08:30 Paris = 06:30Z.
    const report = await runRollover(db, new Date('2031-06-10T21:30:00Z'));
    expect(report.moved).toBeGreaterThanOrEqual(1);
    expect(report.leftLocked).toBeGreaterThanOrEqual(1);
    expect(await scheduleRow(db, overdue!)).toMatchObject({
      nextActionAt: new Date('2031-06-11T06:30:00Z'),
      lastActionSource: 'rollover',
      lastActionAt: new Date('2031-06-10T21:30:00Z'),
    });
    expect(await scheduleRow(db, locked!)).toEqual(lockedBefore);
    expect(await scheduleRow(db, future!)).toEqual(futureBefore);
    // Idempotent: a second run the same local night changes nothing.
    const version = (await db('leads').where({ id: overdue }).first('version')).version;
    const again = await runRollover(db, new Date('2031-06-10T21:45:00Z'));
    expect(again.cadences).toBe(0);
    expect((await db('leads').where({ id: overdue }).first('version')).version).toBe(version);
    expect((await db('leadCadences').where({ pipelineId: pipeline.id }).first('lastRolloverOn')).lastRolloverOn).toBe(
      '2031-06-10',
    );
  });

  it('skips a cadence with rollover off', async () => {
    const db = t.db.ownerKnex;
    const pipeline = await createPipeline(db, w.acme.id, { ownerId: w.acme.users.salesManager.id });
    await t.call('cadence.update', { pipelineId: pipeline.id, rollover: false }, w.acme.users.salesManager.token);
    const [lead] = await insertLeads(db, w.acme.id, pipeline.id, w.acme.users.salesRep.id, [
      new Date('2031-06-01T07:00:00Z'),
    ]);
    const before = await scheduleRow(db, lead!);
    await runRollover(db, new Date('2031-06-02T23:30:00Z'));
    expect(await scheduleRow(db, lead!)).toEqual(before);
  });
});
