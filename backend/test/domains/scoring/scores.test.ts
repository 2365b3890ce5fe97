import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainScoreMarks } from '../../../src/domains/scoring/jobs';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import {
  createAccount,
  createContact,
  createEngagement,
  createOpportunity,
  createPipeline,
} from '../../helpers/factories';
import { auditOf, eventsOf, expectCall, expectValidation } from '../pipelines/helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let pipelineId: string;
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  pipelineId = (await createPipeline(t.db.ownerKnex, acme.id, { ownerId: acme.users.salesManager.id })).id;
});
afterAll(async () => t?.close());

/** A deal with `contacts` people who each had a human touch `touchedDaysAgo` days ago. */
async function deal(contacts: number, touchedDaysAgo: number | null, extra: Record<string, unknown> = {}) {
  const db = t.db.ownerKnex;
  const account = await createAccount(db, acme.id);
  const opp = await createOpportunity(db, acme.id, {
    pipelineId,
    accountId: account.id,
    ownerId: acme.users.salesRep.id,
    stageEnteredAt: daysAgo(3),
    closeDate: daysAgo(-30).toISOString().slice(0, 10),
    ...extra,
  } as never);
  const people = [];
  for (let i = 0; i < contacts; i++) {
    const c = await createContact(db, acme.id, { accountId: account.id });
    people.push(c);
    if (touchedDaysAgo !== null)
      await createEngagement(db, acme.id, {
        accountId: account.id,
        opportunityId: opp.id,
        contactId: c.id,
        type: 'email_in',
        direction: 'in',
        occurredAt: daysAgo(touchedDaysAgo),
      } as never);
  }
  return { opp, people };
}

const compute = async (input: Record<string, unknown>, token = acme.users.salesManager.token) =>
  (await expectCall(t, 'score.compute', input, token)).data.scores;

describe('score.compute', () => {
  it('scores with the factors shown, a well-worked deal above a neglected one, and emits only changes', async () => {
    const hot = await deal(3, 1);
    const cold = await deal(1, 40);
    const [h, c] = await compute({ opportunityIds: [hot.opp.id, cold.opp.id] });
    expect(h.subjectId).toBe(hot.opp.id);
    expect(h.factors.map((f: { name: string }) => f.name)).toEqual([
      'recency',
      'multiThreading',
      'stageAge',
      'sequenceProgress',
      'closeDateSlippage',
      'amountChange',
    ]);
    expect(h.factors.find((f: { name: string }) => f.name === 'multiThreading').value).toBe(1);
    expect(h.score).toBeGreaterThan(c.score);
    expect(c.factors.find((f: { name: string }) => f.name === 'recency').value).toBe(0);
    const stored = await t.db.ownerKnex('opportunities').where({ id: hot.opp.id }).first('score');
    expect(stored.score).toBe(h.score);
    const updated = (await eventsOf(t.db.ownerKnex, acme.id, 'score.updated')).filter(
      (e) => e.payload.subjectId === hot.opp.id,
    );
    expect(updated.map((e) => [e.payload.score, e.payload.previousScore])).toEqual([[h.score, 0]]);
    // Again: same score, no new event.
    const [again] = await compute({ opportunityIds: [hot.opp.id] });
    expect([again.score, again.previousScore]).toEqual([h.score, h.score]);
    expect(
      (await eventsOf(t.db.ownerKnex, acme.id, 'score.updated')).filter((e) => e.payload.subjectId === hot.opp.id),
    ).toHaveLength(1);
  });

  it('scores contacts by recency and responses', async () => {
    const { people } = await deal(1, 2);
    const [contact] = await compute({ contactIds: [people[0]!.id] });
    expect(contact).toMatchObject({ subjectType: 'contact', subjectId: people[0]!.id });
    expect(contact.score).toBeGreaterThan(0);
  });

  it("answers 400 naming the field, 422 for another tenant's id, 403 without score.manage", async () => {
    expectValidation(await t.call('score.compute', {}, acme.users.admin.token), 'opportunityIds');
    expectValidation(
      await t.call('score.compute', { opportunityIds: ['x'] }, acme.users.admin.token),
      'opportunityIds.0',
    );
    const foreign = await createOpportunity(t.db.ownerKnex, other.id);
    const res = await t.call('score.compute', { opportunityIds: [foreign.id] }, acme.users.admin.token);
    expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([
      422,
      'reference_invalid',
      'opportunityIds.0',
    ]);
    expect((await t.call('score.compute', { opportunityIds: [foreign.id] }, acme.users.salesRep.token)).status).toBe(
      403,
    );
  });
});

describe('score.config.update', () => {
  it('saves validated weights, thresholds and decay with a version and an audit row, and scoring follows them', async () => {
    const { opp } = await deal(1, 1);
    const before = (await compute({ opportunityIds: [opp.id] }))[0];
    const saved = (
      await expectCall(
        t,
        'score.config.update',
        { weights: { recency: 0, multiThreading: 1 }, expectedVersion: 1 },
        acme.users.admin.token,
      )
    ).data;
    expect(saved).toMatchObject({ version: 2, thresholds: { atRisk: 40, healthy: 70 }, decayDays: 30 });
    expect(saved.weights).toMatchObject({ recency: 0, multiThreading: 1, stageAge: 0.2 });
    const after = (await compute({ opportunityIds: [opp.id] }))[0];
    expect(after.factors.find((f: { name: string }) => f.name === 'recency').contribution).toBe(0);
    expect(after.score).not.toBe(before.score);
    expect((await auditOf(t.db.ownerKnex, acme.id, 'score.config.update')).map((a) => a.targetType)).toEqual([
      'scoreConfig',
    ]);
    const stale = await t.call('score.config.update', { decayDays: 10, expectedVersion: 1 }, acme.users.admin.token);
    expect([stale.status, stale.body.error.code]).toEqual([409, 'version_conflict']);
  });

  it('answers 400 naming the field and writes nothing; 403 without score.manage', async () => {
    const admin = other.users.admin.token;
    expectValidation(await t.call('score.config.update', { weights: { luck: 0.5 } }, admin), 'weights.luck');
    expectValidation(await t.call('score.config.update', { weights: { recency: 2 } }, admin), 'weights.recency');
    expectValidation(
      await t.call('score.config.update', { thresholds: { atRisk: 80, healthy: 70 } }, admin),
      'thresholds.healthy',
    );
    expect(await t.db.ownerKnex('scoreConfigs').where({ tenantId: other.id })).toEqual([]);
    expect((await t.call('score.config.update', { decayDays: 10 }, other.users.salesRep.token)).status).toBe(403);
  });
});

describe('score.config.get', () => {
  it("answers the defaults (version 1) until saved, then the tenant's own; never another tenant's; 403 without analytics.read", async () => {
    const fresh = await t.tenant();
    const defaults = (await expectCall(t, 'score.config.get', {}, fresh.users.salesRep.token)).data;
    expect(defaults).toMatchObject({ version: 1, thresholds: { atRisk: 40, healthy: 70 }, decayDays: 30 });
    await expectCall(t, 'score.config.update', { thresholds: { atRisk: 30, healthy: 80 } }, fresh.users.admin.token);
    const saved = (await expectCall(t, 'score.config.get', {}, fresh.users.salesRep.token)).data;
    expect(saved).toMatchObject({ version: 2, thresholds: { atRisk: 30, healthy: 80 } });
    // Another tenant still has its own (acme changed weights above, not these thresholds).
    const theirs = (await expectCall(t, 'score.config.get', {}, other.users.salesRep.token)).data;
    expect(theirs.thresholds).toEqual({ atRisk: 40, healthy: 70 });
    await t.db
      .ownerKnex('tenants')
      .where({ id: fresh.id })
      .update({ settings: JSON.stringify({ rbac: { salesRep: { revoke: ['analytics.read'] } } }) });
    t.services.tenants.invalidate(fresh.id);
    expect((await t.call('score.config.get', {}, fresh.users.salesRep.token)).status).toBe(403);
  });
});

describe('scoring worker', () => {
  it('recomputes what events marked, once per subject however many events, and emits only changes', async () => {
    const { opp, people } = await deal(1, null);
    const rep = acme.users.salesRep.token;
    // Five logged emails on the deal: five events, one mark.
    for (let i = 0; i < 5; i++)
      await expectCall(
        t,
        'engagement.log',
        { type: 'email_in', channel: 'email', opportunityId: opp.id, contactId: people[0]!.id, subject: `Hi ${i}` },
        rep,
      );
    expect(await t.db.ownerKnex('scoreDirty').where({ tenantId: acme.id, subjectId: opp.id })).toHaveLength(1);
    const report = await drainScoreMarks(t.db.ownerKnex, new Date());
    expect(report.scored).toBeGreaterThanOrEqual(2);
    expect(await t.db.ownerKnex('scoreDirty').where({ tenantId: acme.id })).toEqual([]);
    const row = await t.db.ownerKnex('opportunities').where({ id: opp.id }).first('score');
    expect(row.score).toBeGreaterThan(0);
    const events = (await eventsOf(t.db.ownerKnex, acme.id, 'score.updated')).filter(
      (e) => e.payload.subjectId === opp.id,
    );
    expect(events).toHaveLength(1);
    // Nothing marked: nothing to do.
    expect(await drainScoreMarks(t.db.ownerKnex, new Date())).toEqual({ scored: 0, changed: 0 });
  });
});
