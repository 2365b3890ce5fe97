import { Cadence } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCadenceWorld, cadenceTables, issuePaths, writeCounts, type CadenceWorld } from './world';

let t: TestApp;
let w: CadenceWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
});
afterAll(async () => t?.close());

describe('cadence.get', () => {
  it("answers the defaults (0, 2, 7, 15, 30 days at 09:00 in the tenant's zone) before any is saved", async () => {
    const res = await t.call('cadence.get', { pipelineId: w.pipelineId }, w.acme.users.salesRep.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cadence = Cadence.parse(res.body.data);
    expect(cadence.stages.map((s) => s.offsetDays)).toEqual([0, 2, 7, 15, 30]);
    expect(cadence).toMatchObject({
      id: w.pipelineId,
      pipelineId: w.pipelineId,
      dayStartTime: '09:00',
      timeZone: 'UTC',
      rollover: true,
      version: 1,
    });
  });

  it('answers 400 on a malformed id, 404 for another tenant, 403 for a client role', async () => {
    const bad = await t.call('cadence.get', { pipelineId: 'nope' }, w.acme.users.salesRep.token);
    expect(bad.status).toBe(400);
    expect(issuePaths(bad.body)).toEqual(['pipelineId']);
    expect((await t.call('cadence.get', { pipelineId: w.otherPipelineId }, w.acme.users.salesRep.token)).status).toBe(
      404,
    );
    expect((await t.call('cadence.get', { pipelineId: w.pipelineId }, w.acme.users.clientViewer.token)).status).toBe(
      403,
    );
  });
});

describe('cadence.update', () => {
  it('saves stages, day start, zone and rollover; bumps the version; writes an audit row', async () => {
    const stages = [
      { key: 'intro', label: 'Intro', offsetDays: 0 },
      { key: 'follow', label: 'Follow up', offsetDays: 3 },
    ];
    const res = await t.call(
      'cadence.update',
      {
        pipelineId: w.pipelineId,
        stages,
        dayStartTime: '08:30',
        timeZone: 'Europe/Paris',
        rollover: false,
        expectedVersion: 1,
      },
      w.acme.users.salesManager.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      stages,
      dayStartTime: '08:30',
      timeZone: 'Europe/Paris',
      rollover: false,
      version: 2,
    });
    const again = await t.call('cadence.get', { pipelineId: w.pipelineId }, w.acme.users.salesRep.token);
    expect(again.body.data).toEqual(res.body.data);
    expect(await t.db.ownerKnex('auditLog').where({ tenantId: w.acme.id, operation: 'cadence.update' })).toHaveLength(
      1,
    );
    const stale = await t.call(
      'cadence.update',
      { pipelineId: w.pipelineId, rollover: true, expectedVersion: 1 },
      w.acme.users.salesManager.token,
    );
    expect(stale.status).toBe(409);
  });

  it('refuses to drop a stage open leads stand on', async () => {
    await t.call(
      'lead.create',
      { pipelineId: w.pipelineId, name: 'On follow', stageKey: 'follow' },
      w.acme.users.salesRep.token,
    );
    const res = await t.call(
      'cadence.update',
      { pipelineId: w.pipelineId, stages: [{ key: 'intro', label: 'Intro', offsetDays: 0 }] },
      w.acme.users.salesManager.token,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ stage: 'follow' });
  });

  it('answers 400 naming the field and writes nothing; 404 for another tenant; 403 for a rep', async () => {
    const counts = await writeCounts(t.db.ownerKnex, cadenceTables);
    const bad = await t.call(
      'cadence.update',
      {
        pipelineId: w.pipelineId,
        dayStartTime: '25:00',
        stages: [
          { key: 'a', label: 'A', offsetDays: 5 },
          { key: 'b', label: 'B', offsetDays: 1 },
        ],
      },
      w.acme.users.salesManager.token,
    );
    expect(bad.status).toBe(400);
    expect(issuePaths(bad.body)).toEqual(expect.arrayContaining(['dayStartTime', 'stages']));
    expect(
      (
        await t.call(
          'cadence.update',
          { pipelineId: w.otherPipelineId, rollover: false },
          w.acme.users.salesManager.token,
        )
      ).status,
    ).toBe(404);
    expect(
      (await t.call('cadence.update', { pipelineId: w.pipelineId, rollover: false }, w.acme.users.salesRep.token))
        .status,
    ).toBe(403);
    expect(await writeCounts(t.db.ownerKnex, cadenceTables)).toEqual(counts);
  });
});
