import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact, createEngagement, createOpportunity, createPipeline } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from '../pipelines/helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let stuck: string;
let fresh: string;
let foreignRep: string;
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  const pipeline = await createPipeline(db, acme.id, {
    ownerId: acme.users.salesManager.id,
    slaPolicy: { stageMaxIdleHours: { proposal: 336 } } as never,
  });
  const rep = acme.users.salesRep.id;
  // Stuck: 21 days in proposal (SLA 14), close date passed, one contact emailed 9 days ago with no reply.
  const opp = await createOpportunity(db, acme.id, {
    pipelineId: pipeline.id,
    ownerId: rep,
    name: 'Stuck renewal',
    stage: 'proposal',
    amount: '50000.00',
    stageEnteredAt: daysAgo(21),
    closeDate: daysAgo(3).toISOString().slice(0, 10),
  } as never);
  const jane = await createContact(db, acme.id, {
    accountId: opp.accountId,
    firstName: 'Jane',
    lastName: 'Doe',
  } as never);
  await createContact(db, acme.id, { accountId: opp.accountId, firstName: 'Bob', lastName: 'Buyer' } as never);
  await db('opportunities').where({ id: opp.id }).update({ primaryContactId: jane.id });
  await createEngagement(db, acme.id, {
    accountId: opp.accountId,
    opportunityId: opp.id,
    contactId: jane.id,
    type: 'email_out',
    direction: 'out',
    occurredAt: daysAgo(9),
  } as never);
  await db('tasks').insert({
    tenantId: acme.id,
    id: '00000000-0000-7000-8000-0000000a0001',
    type: 'followup',
    title: 'Send revised quote',
    ownerId: rep,
    opportunityId: opp.id,
    dueAt: daysAgo(2),
    status: 'open',
  });
  stuck = opp.id;
  // Fresh: entered today, touched today by two people: little to do.
  const ok = await createOpportunity(db, acme.id, {
    pipelineId: pipeline.id,
    ownerId: rep,
    name: 'Fresh deal',
    amount: '1000.00',
    stageEnteredAt: now,
    lastActivityAt: now,
  } as never);
  for (const name of ['Ann', 'Ben']) {
    const c = await createContact(db, acme.id, { accountId: ok.accountId, firstName: name } as never);
    await createEngagement(db, acme.id, {
      accountId: ok.accountId,
      opportunityId: ok.id,
      contactId: c.id,
      type: 'email_in',
      occurredAt: now,
    } as never);
  }
  fresh = ok.id;
  foreignRep = (
    await createOpportunity(db, acme.id, {
      pipelineId: pipeline.id,
      ownerId: acme.users.salesManager.id,
      stageEnteredAt: daysAgo(30),
    } as never)
  ).id;
});
afterAll(async () => t?.close());

const nba = async (input: Record<string, unknown>, token = acme.users.salesRep.token) =>
  (await expectCall(t, 'nextBestAction.get', input, token)).data;

describe('nextBestAction.get', () => {
  it('gives a stuck deal its actions with their reasons and operations, most pressing first', async () => {
    const r = await nba({ opportunityId: stuck });
    expect(r.provenance).toEqual({ provider: 'pivotal', model: 'rules-v1' });
    const byKind = Object.fromEntries(r.actions.map((a: { kind: string }) => [a.kind, a]));
    expect(byKind.call).toMatchObject({
      rationale: 'No reply from Jane Doe in 9 days: call',
      operationId: 'call.start',
    });
    expect(byKind.email.rationale).toBe('proposal stage for 21 days, SLA 14: ask for a decision date');
    expect(byKind.update_close_date).toMatchObject({ operationId: 'opportunity.update', input: { id: stuck } });
    expect(byKind.multi_thread).toMatchObject({
      title: 'Bring in Bob Buyer',
      rationale: 'Only one contact engaged: multi-thread',
    });
    expect(byKind.task.title).toBe('Finish: Send revised quote');
    const priorities = r.actions.map((a: { priority: number }) => a.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
  });

  it("ranks the rep's day across their own open deals only", async () => {
    const day = await nba({ limit: 3 });
    expect(day.opportunityId).toBeNull();
    expect(day.actions).toHaveLength(3);
    expect(day.actions.every((a: { opportunityId: string }) => a.opportunityId === stuck)).toBe(true);
    const all = await nba({ limit: 50 });
    expect(all.actions.some((a: { opportunityId: string }) => a.opportunityId === foreignRep)).toBe(false);
    // The fresh deal has nothing pressing beyond what the stuck one has.
    expect((await nba({ opportunityId: fresh })).actions).toEqual([]);
  });

  it("answers 400 naming the field, 404 for another tenant's deal, 403 without opportunity.read", async () => {
    expectValidation(
      await t.call('nextBestAction.get', { opportunityId: 'x' }, acme.users.admin.token),
      'opportunityId',
    );
    expectValidation(await t.call('nextBestAction.get', { limit: 0 }, acme.users.admin.token), 'limit');
    expect((await t.call('nextBestAction.get', { opportunityId: stuck }, other.users.admin.token)).status).toBe(404);
    await setRbac(t, other.id, { salesRep: { revoke: ['opportunity.read'] } });
    expect((await t.call('nextBestAction.get', {}, other.users.salesRep.token)).status).toBe(403);
  });
});
