import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/domains/bot/delivery';
import { evaluateTenant } from '../../../src/domains/sla/jobs';
import { createOpportunity, createPipeline } from '../../helpers/factories';
import { cardsOf, createBotFixture, textsOf, type BotFixture } from './botFixture';

let f: BotFixture;
let pipelineId: string;
let conversationId: string;
const H = 3_600_000;

beforeAll(async () => {
  f = await createBotFixture();
  const db = f.t.db.ownerKnex;
  await db('users')
    .where({ tenantId: f.acme.id, id: f.acme.users.salesRep.id })
    .update({ managerId: f.acme.users.salesManager.id });
  pipelineId = (
    await createPipeline(db, f.acme.id, {
      ownerId: f.acme.users.salesManager.id,
      slaPolicy: JSON.stringify({ defaultMaxIdleHours: 72, escalateAfterHours: 24 }),
    } as never)
  ).id;
  await f.emulator.deliver(f.emulator.activities.installationUpdate(f.teams(f.acme.users.salesRep.id, 'Rita'), 'add'));
  await f.emulator.deliver(
    f.emulator.activities.installationUpdate(f.teams(f.acme.users.salesManager.id, 'Max'), 'add'),
  );
  conversationId = (await db('botConversations').where({ userId: f.acme.users.salesRep.id }).first()).conversationId;
});
afterAll(async () => f?.close());

const db = () => f.t.db.ownerKnex;
const deliver = (at?: Date) => deliverDue(db(), f.runtime, at ? () => at : undefined);
const slaCards = () =>
  cardsOf(f.emulator.record(conversationId)).filter((c) => textsOf(c).some((t) => /SLA|no activity/i.test(t)));

/** A deal of the rep idle for four days, breached by one evaluation now. */
async function breached(name: string) {
  const opp = await createOpportunity(db(), f.acme.id, {
    name,
    ownerId: f.acme.users.salesRep.id,
    pipelineId,
    stageEnteredAt: new Date(Date.now() - 96 * H),
  } as never);
  await evaluateTenant(db(), f.acme.id, new Date());
  const breach = await db()('slaBreaches').where({ tenantId: f.acme.id, opportunityId: opp.id }).first();
  return { opp, breach };
}

describe('proactive SLA cards through the Bot Connector', () => {
  it('delivers one card per breach to the owner, once, and audits the send', async () => {
    f.emulator.reset();
    const { breach } = await breached('Northwind renewal');
    const first = await deliver();
    expect(first.sent).toBeGreaterThanOrEqual(1);
    await deliver();
    const cards = slaCards().filter((c) => textsOf(c).some((t) => t.includes('Northwind renewal')));
    expect(cards).toHaveLength(1);
    const row = await db()('botNotifications')
      .where({ reasonKey: `sla:${breach.id}` })
      .first();
    expect(row).toMatchObject({ status: 'sent', conversationId });
    expect(row.activityId).toBeTruthy();
    const audit = await db()('auditLog').where({ tenantId: f.acme.id, operation: 'bot.card.sent' });
    expect(audit.some((a) => (a.after as { reasonKey: string }).reasonKey === `sla:${breach.id}`)).toBe(true);
  });

  it('completes the task from the card (Action.Execute) and answers the refreshed card', async () => {
    const { breach } = await breached('Contoso upsell');
    const rep = f.teams(f.acme.users.salesRep.id, 'Rita');
    const ids = { breachId: breach.id, taskId: breach.taskId, opportunityId: breach.opportunityId };
    const res = await f.emulator.deliver(
      f.emulator.activities.invokeAction(rep, { verb: 'sla.completeTask', data: ids }),
    );
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    expect([body.statusCode, body.type]).toEqual([200, 'application/vnd.microsoft.card.adaptive']);
    expect(textsOf(body.value).join(' ')).toMatch(/Task completed/);
    expect(await db()('tasks').where({ id: breach.taskId }).first('status')).toEqual({ status: 'completed' });
    // A refresh (Teams asks when the card is shown again) answers the same state.
    const refresh = await f.emulator.deliver(
      f.emulator.activities.invokeAction(rep, {
        verb: 'refresh',
        data: { card: 'slaReminder', view: 'owner', ...ids },
      }),
    );
    expect(textsOf((refresh.body as { value: unknown }).value).join(' ')).toMatch(/Task completed/);
  });

  it("refuses another rep's action on the card with a message, changing nothing", async () => {
    const { breach } = await breached('Fabrikam pilot');
    const stranger = f.teams(f.acme.users.marketer.id, 'Mo');
    const res = await f.emulator.deliver(
      f.emulator.activities.invokeAction(stranger, {
        verb: 'sla.snooze',
        data: { breachId: breach.id, taskId: breach.taskId, opportunityId: breach.opportunityId, snoozeHours: 24 },
      }),
    );
    expect((res.body as { type: string }).type).toBe('application/vnd.microsoft.activity.message');
    expect(await db()('tasks').where({ id: breach.taskId }).first('version')).toEqual({ version: 1 });
  });

  it('paces a 429: the card waits for Retry-After and then goes out once', async () => {
    await deliver(); // what earlier tests left queued
    const { breach } = await breached('Adatum expansion');
    f.emulator.failNext({ status: 429, retryAfterSeconds: 2, match: 'send' });
    const now = new Date();
    const report = await deliver(now);
    expect(report.deferred).toBeGreaterThanOrEqual(1);
    const waiting = await db()('botNotifications')
      .where({ reasonKey: `sla:${breach.id}` })
      .first();
    expect(waiting.status).toBe('pending');
    expect(waiting.notBefore.getTime()).toBeGreaterThanOrEqual(now.getTime() + 2_000);
    await deliver(new Date(now.getTime() + 2_500));
    expect(
      await db()('botNotifications')
        .where({ reasonKey: `sla:${breach.id}` })
        .first('status'),
    ).toEqual({
      status: 'sent',
    });
    const cards = slaCards().filter((c) => textsOf(c).some((t) => t.includes('Adatum expansion')));
    expect(cards).toHaveLength(1);
  });

  it("sends a card a worker claimed and died with once its lease ran out, and leaves another worker's fresh claim", async () => {
    const { breach } = await breached('Litware trial');
    const key = `sla:${breach.id}`;
    await db()('botNotifications')
      .where({ reasonKey: key })
      .update({ status: 'sending', claimedAt: new Date(), attempts: 1 });
    await deliver();
    expect(await db()('botNotifications').where({ reasonKey: key }).first('status')).toEqual({ status: 'sending' });
    await deliver(new Date(Date.now() + 3 * 60_000));
    expect(await db()('botNotifications').where({ reasonKey: key }).first('status')).toEqual({ status: 'sent' });
    expect(slaCards().filter((c) => textsOf(c).some((t) => t.includes('Litware trial')))).toHaveLength(1);
  });

  it('sends each card once when two delivery workers run at the same time', async () => {
    await deliver();
    const names = ['Proseware A', 'Proseware B', 'Proseware C', 'Proseware D'];
    for (const name of names) await breached(name);
    const reports = await Promise.all([deliver(), deliver()]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(names.length);
    for (const name of names)
      expect(
        slaCards().filter((c) => textsOf(c).some((t) => t.includes(name))),
        name,
      ).toHaveLength(1);
  });

  it("escalates to the manager's chat with the manager's variant of the card", async () => {
    const { breach } = await breached('Tailspin deal');
    await evaluateTenant(db(), f.acme.id, new Date(Date.now() + 25 * H));
    await deliver(new Date(Date.now() + 25 * H));
    const managerConversation = (await db()('botConversations').where({ userId: f.acme.users.salesManager.id }).first())
      .conversationId;
    const cards = cardsOf(f.emulator.record(managerConversation)).filter((c) =>
      textsOf(c).some((t) => t.includes('Tailspin deal')),
    );
    expect(cards).toHaveLength(1);
    expect(textsOf(cards[0]).join(' ')).toMatch(/no activity/i);
    const row = await db()('botNotifications')
      .where({ reasonKey: `sla-escalation:${breach.id}` })
      .first();
    expect(row).toMatchObject({ userId: f.acme.users.salesManager.id, status: 'sent' });
  });
});
