import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createUser } from '../../helpers/factories';
import { auditOf, expectCall, expectValidation } from '../pipelines/helpers';
import { openBreach, slaCounts, slaPipeline } from './helpers';

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;
let pipelineId: string;
let director: { id: string; token: string };
const H = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  [acme, globex] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  // rep -> salesManager -> director (a second-level manager, a plain salesRep by role).
  const d = await createUser(db, acme.id, { role: 'salesRep', email: `director-${Date.now()}@acme.test` } as never);
  await db('users').where({ tenantId: acme.id, id: d.id }).update({ entraObjectId: d.id });
  director = { id: d.id, token: await t.token(acme.slug, d.email) };
  await db('users')
    .where({ tenantId: acme.id, id: acme.users.salesRep.id })
    .update({ managerId: acme.users.salesManager.id });
  await db('users').where({ tenantId: acme.id, id: acme.users.salesManager.id }).update({ managerId: d.id });
  pipelineId = (await slaPipeline(db, acme.id, acme.users.salesManager.id)).id;
});
afterAll(async () => t?.close());

const breach = (ownerId = acme.users.salesRep.id) =>
  openBreach(t.db.ownerKnex, acme.id, { ownerId, pipelineId, at: new Date(Date.now() - H) });
const remindCards = (breachId: string) =>
  t.db
    .ownerKnex('botNotifications')
    .where({ tenantId: acme.id })
    .whereLike('reasonKey', `sla:${breachId}:remind:%`)
    .orderBy('reasonKey');

describe('sla.breach.remind', () => {
  it('queues a fresh reminder for the owner each time their manager (or a manager above) asks, and audits it', async () => {
    const b = await breach();
    await expectCall(t, 'sla.breach.remind', { id: b.id }, acme.users.salesManager.token);
    await expectCall(t, 'sla.breach.remind', { id: b.id }, director.token);
    const cards = await remindCards(b.id);
    expect(cards.map((c) => [c.reasonKey, c.userId, c.status])).toEqual([
      [`sla:${b.id}:remind:1`, acme.users.salesRep.id, 'pending'],
      [`sla:${b.id}:remind:2`, acme.users.salesRep.id, 'pending'],
    ]);
    const audits = (await auditOf(t.db.ownerKnex, acme.id, 'sla.breach.remind')).filter((a) => a.targetId === b.id);
    expect(audits.map((a) => a.actor).sort()).toEqual(
      [`user:${acme.users.salesManager.id}`, `user:${director.id}`].sort(),
    );
  });

  it('refuses a rep who is not above the owner (403) and a cleared breach (409), writing nothing', async () => {
    const b = await breach();
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const res = await t.call('sla.breach.remind', { id: b.id }, acme.users.salesRep.token);
    expect(res.status).toBe(403);
    await t.db
      .ownerKnex('slaBreaches')
      .where({ id: b.id })
      .update({ clearedAt: new Date(), clearedReason: 'engagement' });
    const cleared = await t.call('sla.breach.remind', { id: b.id }, acme.users.salesManager.token);
    expect([cleared.status, cleared.body.error.code]).toEqual([409, 'invalid_state']);
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("answers 400 on a bad id and 404 for another tenant's breach", async () => {
    expectValidation(await t.call('sla.breach.remind', { id: 'nope' }, acme.users.salesManager.token), 'id');
    const b = await breach();
    const res = await t.call('sla.breach.remind', { id: b.id }, globex.users.admin.token);
    expect(res.status).toBe(404);
  });
});
