import { Lead, LeadDetail } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { apiLead, buildCadenceWorld, cadenceTables, issuePaths, writeCounts, type CadenceWorld } from './world';

let t: TestApp;
let w: CadenceWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
});
afterAll(async () => t?.close());

const rep = () => w.acme.users.salesRep.token;
const viewer = () => w.acme.users.clientViewer.token;

/** 400 naming `path`, nothing written. */
async function expect400(op: string, body: unknown, path: string): Promise<void> {
  const counts = await writeCounts(t.db.ownerKnex, cadenceTables);
  const res = await t.call(op, body, rep());
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(issuePaths(res.body)).toContain(path);
  expect(await writeCounts(t.db.ownerKnex, cadenceTables)).toEqual(counts);
}

describe('lead.create', () => {
  it("enters a contact into the pipeline's cadence at the first stage, due now (offset 0), named after the contact", async () => {
    const res = await t.call('lead.create', { pipelineId: w.pipelineId, contactId: w.contactId }, rep());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const lead = Lead.parse(res.body.data);
    expect(lead).toMatchObject({
      name: 'Ada Lovelace',
      stageKey: 'touch1',
      stageStatus: 'pending',
      state: 'open',
      ownerId: w.acme.users.salesRep.id,
      snappedPromotionId: null,
      lastActionSource: 'create',
      version: 1,
    });
    expect(Math.abs(Date.parse(lead.nextActionAt!) - Date.now())).toBeLessThan(60_000);
    expect(
      await t.db.ownerKnex('auditLog').where({ tenantId: w.acme.id, operation: 'lead.create', targetId: lead.id }),
    ).toHaveLength(1);
  });

  it("computes a later stage's first due time from its offset at the day start", async () => {
    const lead = await apiLead(t, w, { stageKey: 'touch3' });
    expect(lead.nextActionAt!.endsWith('T09:00:00.000Z')).toBe(true);
    expect(Date.parse(lead.nextActionAt!) - Date.now()).toBeGreaterThan(6 * 86_400_000);
  });

  it('answers 400 without contact or name / on an unknown stage, 422 for another tenant pipeline, 403 for a client role', async () => {
    await expect400('lead.create', { pipelineId: w.pipelineId }, 'name');
    await expect400('lead.create', { pipelineId: w.pipelineId, name: 'x', stageKey: 'nope' }, 'stageKey');
    const other = await t.call('lead.create', { pipelineId: w.otherPipelineId, name: 'x' }, rep());
    expect(other.status).toBe(422);
    expect(other.body.error.details.field).toBe('pipelineId');
    expect((await t.call('lead.create', { pipelineId: w.pipelineId, name: 'x' }, viewer())).status).toBe(403);
  });
});

describe('lead.get, lead.list', () => {
  it('gets a lead with its lock releases, and lists by pipeline newest first with a cursor', async () => {
    const a = await apiLead(t, w, { name: 'A' });
    const b = await apiLead(t, w, { name: 'B' });
    const got = await t.call('lead.get', { id: a.id }, rep());
    expect(got.status).toBe(200);
    expect(LeadDetail.parse(got.body.data)).toMatchObject({ id: a.id, name: 'A', lockReleases: [] });
    const first = await t.call('lead.list', { pipelineId: w.pipelineId, limit: 1 }, rep());
    expect(first.body.data.map((l: Lead) => l.id)).toEqual([b.id]);
    const second = await t.call(
      'lead.list',
      { pipelineId: w.pipelineId, limit: 1, cursor: first.body.nextCursor },
      rep(),
    );
    expect(second.body.data.map((l: Lead) => l.id)).toEqual([a.id]);
    const locked = await t.call('lead.list', { locked: true }, rep());
    expect(locked.body.data).toEqual([]);
  });

  it('answers 400 / 404 for another tenant / 403', async () => {
    expect(issuePaths((await t.call('lead.get', { id: 'x' }, rep())).body)).toEqual(['id']);
    expect(issuePaths((await t.call('lead.list', { state: 'sleeping' }, rep())).body)).toEqual(['state']);
    expect((await t.call('lead.get', { id: w.otherLeadId }, rep())).status).toBe(404);
    expect((await t.call('lead.list', { pipelineId: w.otherPipelineId }, rep())).body.data).toEqual([]);
    expect((await t.call('lead.get', { id: w.otherLeadId }, viewer())).status).toBe(403);
    expect((await t.call('lead.list', {}, viewer())).status).toBe(403);
  });
});

describe('lead.due.list', () => {
  it("lists the caller's due leads soonest first, not future ones", async () => {
    const owner = w.acme.users.salesManager;
    const late = await apiLead(t, w, { name: 'late', ownerId: owner.id, nextActionAt: '2020-01-02T09:00:00Z' });
    const early = await apiLead(t, w, { name: 'early', ownerId: owner.id, nextActionAt: '2020-01-01T09:00:00Z' });
    await apiLead(t, w, { name: 'future', ownerId: owner.id, nextActionAt: '2099-01-01T09:00:00Z' });
    const res = await t.call('lead.due.list', {}, owner.token);
    expect(res.status).toBe(200);
    expect(res.body.data.map((l: Lead) => l.id)).toEqual([early.id, late.id]);
    const page = await t.call('lead.due.list', { limit: 1 }, owner.token);
    const next = await t.call('lead.due.list', { limit: 1, cursor: page.body.nextCursor }, owner.token);
    expect(next.body.data.map((l: Lead) => l.id)).toEqual([late.id]);
  });

  it('answers 400 / nothing from another tenant / 403', async () => {
    expect(issuePaths((await t.call('lead.due.list', { dueBefore: 'soon' }, rep())).body)).toEqual(['dueBefore']);
    const res = await t.call(
      'lead.due.list',
      { ownerId: w.other.users.salesRep.id, dueBefore: '2099-01-01T00:00:00Z' },
      rep(),
    );
    expect(res.body.data).toEqual([]);
    expect((await t.call('lead.due.list', {}, viewer())).status).toBe(403);
  });
});

describe('lead.complete, lead.push, lead.reschedule, lead.update', () => {
  it('complete advances to the next stage anchored on the completion time; the last stage closes the lead', async () => {
    const lead = await apiLead(t, w, { stageKey: 'touch4' });
    const done = await t.call('lead.complete', { id: lead.id, completedAt: '2030-03-01T15:00:00Z' }, rep());
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toMatchObject({
      stageKey: 'touch5',
      nextActionAt: '2030-03-16T09:00:00.000Z',
      lastActionSource: 'done',
      version: 2,
    });
    const closed = await t.call('lead.complete', { id: lead.id, completedAt: '2030-03-20T10:00:00Z' }, rep());
    expect(closed.body.data).toMatchObject({ stageStatus: 'completed', state: 'drop_out', nextActionAt: null });
    expect((await t.call('lead.complete', { id: lead.id }, rep())).status).toBe(409);
  });

  it('push uses the presets in the cadence zone; reschedule sets an explicit time; update edits by hand', async () => {
    const lead = await apiLead(t, w);
    const pushed = await t.call('lead.push', { id: lead.id, preset: 'tomorrowMorning' }, rep());
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    expect(pushed.body.data.nextActionAt.endsWith('T09:00:00.000Z')).toBe(true);
    expect(pushed.body.data.lastActionSource).toBe('push');
    const moved = await t.call(
      'lead.reschedule',
      { id: lead.id, nextActionAt: '2031-05-05T14:00:00+02:00', expectedVersion: 2 },
      rep(),
    );
    expect(moved.body.data).toMatchObject({
      nextActionAt: '2031-05-05T12:00:00.000Z',
      lastActionSource: 'reschedule',
      version: 3,
    });
    const edited = await t.call('lead.update', { id: lead.id, name: 'Renamed', stageKey: 'touch2' }, rep());
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.data).toMatchObject({ name: 'Renamed', stageKey: 'touch2', lastActionSource: 'edit' });
    expect(edited.body.data.nextActionAt.endsWith('T09:00:00.000Z')).toBe(true);
    const renamed = await t.call('lead.update', { id: lead.id, name: 'Again' }, rep());
    expect(renamed.body.data).toMatchObject({
      name: 'Again',
      lastActionSource: 'edit',
      nextActionAt: edited.body.data.nextActionAt,
    });
  });

  it('each answers 400 naming the field and writes nothing', async () => {
    const lead = await apiLead(t, w);
    await expect400('lead.complete', { id: lead.id, completedAt: 'now' }, 'completedAt');
    await expect400('lead.push', { id: lead.id, preset: 'oneHour' }, 'preset');
    await expect400('lead.reschedule', { id: lead.id }, 'nextActionAt');
    await expect400('lead.update', { id: lead.id, stageKey: 'nope' }, 'stageKey');
  });

  it("each answers 404 for another tenant's lead and 403 for a client role", async () => {
    const bodies: [string, Record<string, unknown>][] = [
      ['lead.complete', {}],
      ['lead.push', { preset: 'nextWeek' }],
      ['lead.reschedule', { nextActionAt: '2031-01-01T00:00:00Z' }],
      ['lead.update', { name: 'x' }],
    ];
    for (const [op, body] of bodies) {
      expect((await t.call(op, { id: w.otherLeadId, ...body }, rep())).status, op).toBe(404);
      expect((await t.call(op, { id: w.otherLeadId, ...body }, viewer())).status, op).toBe(403);
    }
    expect(await t.db.ownerKnex('leads').where({ id: w.otherLeadId }).first('version')).toEqual({ version: 1 });
  });
});
