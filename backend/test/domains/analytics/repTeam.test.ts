import { uuidv7 } from '#db/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createEngagement, createOpportunity, createPipeline, createTask, createUser } from '../../helpers/factories';
import { expectCall } from '../pipelines/helpers';
import { breachAt } from './breaches';
import { daysAgo, moveAt } from './history';

type Person = { id: string; token: string };
type Figures = Record<string, number | string | null>;

let t: TestApp;
let acme: TestTenant;
// chief (admin) <- boss (salesManager) <- lead (salesRep) <- rep2 (salesRep), and an inactive report of the lead.
let chief: Person, boss: Person, lead: Person, rep2: Person;
const now = new Date();
const day = (d: number) => daysAgo(now, d).toISOString().slice(0, 10);
// Ends 10 days ago, so a breach 5 days ago is after it.
const period = { from: day(30), to: day(10) };

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  const db = t.db.ownerKnex;
  // Amounts are summed in the tenant's currency (the factories make EUR deals).
  await db('tenants')
    .where({ id: acme.id })
    .update({ settings: JSON.stringify({ defaultCurrency: 'EUR' }) });
  t.services.tenants.invalidate(acme.id);
  const person = async (displayName: string, role: 'admin' | 'salesManager' | 'salesRep', managerId?: string) => {
    // The dev token names the user by their Entra object id.
    const id = uuidv7();
    const u = await createUser(db, acme.id, { id, entraObjectId: id, displayName, role, managerId } as never);
    return { id: u.id, token: await t.token(acme.slug, u.email) };
  };
  chief = await person('Chief', 'admin');
  boss = await person('Boss', 'salesManager', chief.id);
  lead = await person('Lead', 'salesRep', boss.id);
  rep2 = await person('Rep Two', 'salesRep', lead.id);
  await createUser(db, acme.id, { displayName: 'Gone', managerId: lead.id, active: false } as never);
  // No SLA policy: the breaches are exactly the rows recorded below.
  const pipeline = await createPipeline(db, acme.id, { ownerId: boss.id });
  const deal = (ownerId: string, createdDaysAgo: number) =>
    createOpportunity(db, acme.id, {
      pipelineId: pipeline.id,
      ownerId,
      createdAt: daysAgo(now, createdDaysAgo),
    } as never);
  // Rep two: four deals open through the period.
  const [inside, before, after, handed] = [
    await deal(rep2.id, 40),
    await deal(rep2.id, 40),
    await deal(rep2.id, 40),
    await deal(rep2.id, 40),
  ];
  await breachAt(db, acme.id, inside as never, daysAgo(now, 20), daysAgo(now, 19));
  await breachAt(db, acme.id, before as never, daysAgo(now, 35), daysAgo(now, 32));
  await breachAt(db, acme.id, after as never, daysAgo(now, 5));
  // Breached in the period while the lead owned it, then handed to rep two: the lead's breach, not rep two's.
  await breachAt(db, acme.id, handed as never, daysAgo(now, 25), daysAgo(now, 24), lead.id);
  // Not open in the period: closed before it, created after it.
  await moveAt(db, acme.id, (await deal(rep2.id, 50)).id, 'closedLost', daysAgo(now, 35), 'budget');
  await deal(rep2.id, 5);
  // The lead: one deal breached before the period and never cleared, one kept and won inside it.
  await breachAt(db, acme.id, (await deal(lead.id, 40)) as never, daysAgo(now, 35));
  const won = await deal(lead.id, 40);
  await moveAt(db, acme.id, won.id, 'closedWon', daysAgo(now, 15));
  await createEngagement(db, acme.id, {
    accountId: won.accountId,
    opportunityId: won.id,
    actorId: lead.id,
    type: 'email_out',
    occurredAt: daysAgo(now, 12),
  } as never);
  await createTask(db, acme.id, { ownerId: rep2.id, status: 'completed', completedAt: daysAgo(now, 20) } as never);
});
afterAll(async () => t?.close());

const ask = async (token: string, input: Record<string, unknown> = {}) =>
  (await expectCall(t, 'rep.performance.get', { period, ...input }, token)).data as {
    reps: (Figures & { userId: string })[];
    team: Figures;
  };
const ids = (r: { reps: { userId: string }[] }) => r.reps.map((x) => x.userId).sort();
const sorted = (...xs: string[]) => [...xs].sort();

describe('rep.performance.get: the team', () => {
  it('gives a manager their direct and indirect reports and themself (they sell); a non-selling head is left out', async () => {
    expect(ids(await ask(boss.token))).toEqual(sorted(boss.id, lead.id, rep2.id));
    expect(ids(await ask(boss.token, { team: 'mine' }))).toEqual(sorted(boss.id, lead.id, rep2.id));
    expect(ids(await ask(chief.token))).toEqual(sorted(boss.id, lead.id, rep2.id));
  });

  it("gives a manager of nobody every active seller, and a manager with a team the same with team 'all'", async () => {
    const sellers = sorted(acme.users.salesManager.id, acme.users.salesRep.id, boss.id, lead.id, rep2.id);
    expect(ids(await ask(acme.users.salesManager.token))).toEqual(sellers);
    expect(ids(await ask(acme.users.admin.token))).toEqual(sellers);
    expect(ids(await ask(boss.token, { team: 'all' }))).toEqual(sellers);
  });

  it('gives a rep themself, and a rep who leads others their team; neither reaches outside it', async () => {
    expect(ids(await ask(acme.users.salesRep.token))).toEqual([acme.users.salesRep.id]);
    expect(ids(await ask(rep2.token))).toEqual([rep2.id]);
    expect(ids(await ask(lead.token))).toEqual(sorted(lead.id, rep2.id));
    expect(ids(await ask(lead.token, { userIds: [rep2.id] }))).toEqual([rep2.id]);
    for (const [token, input] of [
      [acme.users.salesRep.token, { userIds: [lead.id] }],
      [rep2.token, { userIds: [lead.id] }],
      [lead.token, { userIds: [rep2.id, acme.users.salesRep.id] }],
      [lead.token, { team: 'all' }],
    ] as const) {
      const res = await t.call('rep.performance.get', { period, ...input }, token);
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    }
  });
});

describe('rep.performance.get: SLA adherence', () => {
  it('is the share of deals open in the period with no breach overlapping it, by the owner on the breach', async () => {
    const r = await ask(boss.token);
    const of = (id: string) => r.reps.find((x) => x.userId === id)!;
    // Rep two: breached inside (cleared), before the period, after it, and handed over clean: 3 of 4.
    expect(of(rep2.id).slaAdherence).toBe(0.75);
    // The lead: breached across the whole period, won clean, and the breach on the deal handed over: 1 of 3.
    expect(of(lead.id).slaAdherence).toBe(0.3333);
    expect(of(boss.id).slaAdherence).toBeNull();
    // The team's: (3 + 1) / (4 + 3).
    expect(r.team.slaAdherence).toBe(0.5714);
  });

  it("answers team figures that are the sum of the reps' rows", async () => {
    const r = await ask(boss.token);
    const counts = ['emailsSent', 'callsMade', 'callsConnected', 'tasksCompleted', 'tasksOverdue', 'meetingsBooked'];
    for (const k of [...counts, 'won', 'lost']) expect(r.team[k], k).toBe(r.reps.reduce((n, x) => n + Number(x[k]), 0));
    expect(r.team).toMatchObject({ emailsSent: 1, tasksCompleted: 1, won: 1, winRate: 1, wonAmount: '1000.00' });
    expect(Number(r.team.wonAmount)).toBe(r.reps.reduce((n, x) => n + Number(x.wonAmount), 0));
  });
});
