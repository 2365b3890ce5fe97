import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/domains/bot/delivery';
import { enqueueNbaPrompts } from '../../../src/domains/bot/digests';
import { createContact, createEngagement, createOpportunity, createPipeline } from '../../helpers/factories';
import { expectValidation, setRbac } from '../pipelines/helpers';
import { cardsOf, createBotFixture, textsOf, type BotFixture } from './botFixture';

let f: BotFixture;
let dealId: string;
let conversationId: string;
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
// A working day at 09:30 UTC (the tenant's users are on UTC): the time the day's prompt goes out.
let morning = DateTime.utc().set({ hour: 9, minute: 30, second: 0, millisecond: 0 });
while (morning.weekday > 5) morning = morning.plus({ days: 1 });

beforeAll(async () => {
  f = await createBotFixture();
  const db = f.t.db.ownerKnex;
  const rep = f.acme.users.salesRep.id;
  const pipeline = await createPipeline(db, f.acme.id, { ownerId: f.acme.users.salesManager.id });
  // 21 days in proposal, close date passed, one contact emailed 9 days ago with no reply: several actions.
  const opp = await createOpportunity(db, f.acme.id, {
    pipelineId: pipeline.id,
    ownerId: rep,
    name: 'Stuck renewal',
    stage: 'proposal',
    stageEnteredAt: daysAgo(21),
    closeDate: daysAgo(3).toISOString().slice(0, 10),
  } as never);
  const jane = await createContact(db, f.acme.id, {
    accountId: opp.accountId,
    firstName: 'Jane',
    lastName: 'Doe',
  } as never);
  await db('opportunities').where({ id: opp.id }).update({ primaryContactId: jane.id });
  await createEngagement(db, f.acme.id, {
    accountId: opp.accountId,
    opportunityId: opp.id,
    contactId: jane.id,
    actorId: rep,
    type: 'email_out',
    channel: 'email',
    occurredAt: daysAgo(9),
  } as never);
  dealId = opp.id;
  await f.emulator.deliver(f.emulator.activities.installationUpdate(f.teams(rep, 'Rita'), 'add'));
  conversationId = (await db('botConversations').where({ userId: rep }).first()).conversationId;
});
afterAll(async () => f?.close());

const actionsFor = async (token = f.acme.users.salesRep.token) =>
  (await f.t.call('nextBestAction.get', { opportunityId: dealId }, token)).body.data.actions as {
    kind: string;
    title: string;
  }[];

describe('Next Best Action prompts in Teams', () => {
  it("sends the day's top action once, at 09:00 local on a working day; Do it puts it in the rep's queue", async () => {
    const db = f.t.db.ownerKnex;
    expect(await enqueueNbaPrompts(db, morning.set({ hour: 8 }).toJSDate())).toBe(0);
    expect(await enqueueNbaPrompts(db, morning.toJSDate())).toBe(1);
    expect(await enqueueNbaPrompts(db, morning.plus({ minutes: 30 }).toJSDate())).toBe(0);
    await deliverDue(db, f.runtime, () => morning.toJSDate());
    const [top] = (await f.t.call('nextBestAction.get', {}, f.acme.users.salesRep.token)).body.data.actions;
    const prompt = cardsOf(f.emulator.record(conversationId)).find((c) => textsOf(c).includes(top.title));
    expect(prompt).toBeDefined();

    const rep = f.teams(f.acme.users.salesRep.id, 'Rita');
    const data = { opportunityId: dealId, actionKey: top.kind, operation: top.operationId };
    const res = await f.emulator.deliver(f.emulator.activities.invokeAction(rep, { verb: 'nba.do', data }));
    expect((res.body as { type: string }).type).toBe('application/vnd.microsoft.card.adaptive');
    const tasks = await db('tasks').where({ tenantId: f.acme.id, opportunityId: dealId, title: top.title });
    expect(tasks.length + (top.operationId === 'task.complete' ? 1 : 0)).toBeGreaterThanOrEqual(1);
  });

  it('Dismiss records the reason and the action leaves the rep’s recommendations (not the manager’s)', async () => {
    const [first] = await actionsFor();
    const rep = f.teams(f.acme.users.salesRep.id, 'Rita');
    const res = await f.emulator.deliver(
      f.emulator.activities.invokeAction(rep, {
        verb: 'nba.dismiss',
        data: { opportunityId: dealId, actionKey: first!.kind, operation: 'x', dismissReason: 'later' },
      }),
    );
    expect(textsOf((res.body as { value: unknown }).value).join(' ')).toMatch(/dismissed/i);
    expect((await actionsFor()).map((a) => a.kind)).not.toContain(first!.kind);
    expect((await actionsFor(f.acme.users.salesManager.token)).map((a) => a.kind)).toContain(first!.kind);
    const [row] = await f.t.db.ownerKnex('nbaDismissals').where({ opportunityId: dealId, kind: first!.kind });
    expect(row).toMatchObject({ userId: f.acme.users.salesRep.id, reason: 'later' });
  });
});

describe('nextBestAction.dismiss', () => {
  it('answers 400 on a reason it does not know, 404 for a deal of another tenant, 403 without opportunity.read', async () => {
    const token = f.acme.users.salesManager.token;
    expectValidation(
      await f.t.call('nextBestAction.dismiss', { opportunityId: dealId, kind: 'call', reason: 'meh' }, token),
      'reason',
    );
    const other = await f.t.tenant();
    const foreign = await f.t.call(
      'nextBestAction.dismiss',
      { opportunityId: dealId, kind: 'call', reason: 'later' },
      other.users.admin.token,
    );
    expect(foreign.status).toBe(404);
    await setRbac(f.t, f.acme.id, { analyst: { revoke: ['opportunity.read'] } });
    const denied = await f.t.call(
      'nextBestAction.dismiss',
      { opportunityId: dealId, kind: 'call', reason: 'later' },
      f.acme.users.analyst.token,
    );
    expect(denied.status).toBe(403);
    expect(
      await f.t.db
        .ownerKnex('nbaDismissals')
        .where({ opportunityId: dealId, kind: 'call', userId: f.acme.users.analyst.id }),
    ).toHaveLength(0);
  });
});
