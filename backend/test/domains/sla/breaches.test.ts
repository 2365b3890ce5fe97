import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaBreachRow } from '../../../src/domains/sla/presenters';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createUser } from '../../helpers/factories';
import { expectCall, expectValidation } from '../pipelines/helpers';
import { openBreach, slaCounts, slaPipeline } from './helpers';

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;
const H = 3_600_000;
const base = new Date(Date.now() - 10 * H);
const b: Record<'one' | 'two' | 'three' | 'cleared' | 'foreign', SlaBreachRow> = {} as never;
let firstPipeline: string;
let secondPipeline: string;

beforeAll(async () => {
  t = await createTestApp();
  [acme, globex] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  const rep = acme.users.salesRep.id;
  const other = (await createUser(db, acme.id, { role: 'salesRep' })).id;
  firstPipeline = (await slaPipeline(db, acme.id, acme.users.salesManager.id)).id;
  secondPipeline = (await slaPipeline(db, acme.id, acme.users.salesManager.id)).id;
  const at = (h: number) => new Date(base.getTime() + h * H);
  b.one = await openBreach(db, acme.id, { ownerId: rep, pipelineId: firstPipeline, at: at(1) });
  b.two = await openBreach(db, acme.id, { ownerId: other, pipelineId: firstPipeline, at: at(2) });
  b.three = await openBreach(db, acme.id, { ownerId: rep, pipelineId: secondPipeline, at: at(3) });
  b.cleared = await openBreach(db, acme.id, { ownerId: other, pipelineId: secondPipeline, at: at(4) });
  await db('slaBreaches')
    .where({ tenantId: acme.id, id: b.cleared.id })
    .update({ clearedAt: at(5), clearedReason: 'engagement' });
  const globexPipeline = await slaPipeline(db, globex.id, globex.users.salesManager.id);
  b.foreign = await openBreach(db, globex.id, {
    ownerId: globex.users.salesRep.id,
    pipelineId: globexPipeline.id,
    at: at(1),
  });
});
afterAll(async () => t?.close());

const list = async (input: Record<string, unknown>, token = acme.users.salesRep.token) =>
  (await expectCall(t, 'sla.breach.list', input, token)) as { data: { id: string }[]; nextCursor: string | null };
const ids = async (input: Record<string, unknown>) => (await list(input)).data.map((x) => x.id);

describe('sla.breach.list', () => {
  it('lists the open breaches newest first, as the engine recorded them', async () => {
    const page = await list({});
    expect(page.data.map((x) => x.id)).toEqual([b.three.id, b.two.id, b.one.id]);
    expect(page.nextCursor).toBeNull();
    expect(page.data[2]).toEqual({
      id: b.one.id,
      tenantId: acme.id,
      opportunityId: b.one.opportunityId,
      pipelineId: firstPipeline,
      ownerId: acme.users.salesRep.id,
      clientId: null,
      stage: 'qualification',
      kind: 'idle',
      limitHours: 24,
      dueAt: b.one.dueAt.toISOString(),
      breachedAt: new Date(base.getTime() + H).toISOString(),
      taskId: b.one.taskId,
      escalateAt: new Date(base.getTime() + 25 * H).toISOString(),
      escalatedAt: null,
      escalatedTo: null,
      clearedAt: null,
      clearedReason: null,
      firstTouchAt: null,
    });
  });

  it('filters by status, ids, owners, opportunity, pipeline and time', async () => {
    expect(await ids({ status: 'cleared' })).toEqual([b.cleared.id]);
    expect(await ids({ status: 'all' })).toEqual([b.cleared.id, b.three.id, b.two.id, b.one.id]);
    expect(await ids({ ownerIds: [acme.users.salesRep.id] })).toEqual([b.three.id, b.one.id]);
    expect(await ids({ status: 'all', pipelineId: secondPipeline })).toEqual([b.cleared.id, b.three.id]);
    expect(await ids({ opportunityId: b.two.opportunityId })).toEqual([b.two.id]);
    expect(await ids({ status: 'all', ids: [b.one.id, b.cleared.id] })).toEqual([b.cleared.id, b.one.id]);
    expect(await ids({ since: new Date(base.getTime() + 2 * H).toISOString() })).toEqual([b.three.id, b.two.id]);
    const cleared = (await list({ status: 'cleared' })).data[0] as Record<string, unknown>;
    expect(cleared).toMatchObject({
      clearedReason: 'engagement',
      clearedAt: new Date(base.getTime() + 5 * H).toISOString(),
    });
  });

  it('pages with a keyset cursor, also over GET with a comma-separated filter', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await list({ status: 'all', limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBeLessThanOrEqual(1);
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([b.cleared.id, b.three.id, b.two.id, b.one.id]);
    const res = await t.call('sla.breach.list', undefined, acme.users.analyst.token, {
      method: 'GET',
      query: `status=all&limit=1&ownerIds=${acme.users.salesRep.id},${b.two.ownerId}`,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([b.cleared.id]);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('refuses bad input with the field named, writing nothing', async () => {
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const token = acme.users.salesRep.token;
    expectValidation(await t.call('sla.breach.list', { status: 'stale' }, token), 'status');
    expectValidation(await t.call('sla.breach.list', { ownerIds: ['nope'] }, token), 'ownerIds.0');
    expectValidation(await t.call('sla.breach.list', { since: 'yesterday' }, token), 'since');
    expectValidation(await t.call('sla.breach.list', { cursor: 'forged' }, token), 'cursor');
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("never shows another tenant's breaches", async () => {
    expect(await ids({ status: 'all', ids: [b.foreign.id] })).toEqual([]);
    expect(await ids({ opportunityId: b.foreign.opportunityId })).toEqual([]);
    const theirs = await list({ status: 'all' }, globex.users.admin.token);
    expect(theirs.data.map((x) => x.id)).toEqual([b.foreign.id]);
  });

  it('refuses client-confined callers: SLA breaches are internal', async () => {
    for (const role of ['clientViewer', 'clientApprover'] as const) {
      const res = await t.call('sla.breach.list', {}, acme.users[role].token);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', message: 'SLA breaches are internal' });
    }
  });
});
