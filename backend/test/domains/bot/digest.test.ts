import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/domains/bot/delivery';
import { enqueueDigests } from '../../../src/domains/bot/digests';
import { createEngagement, createOpportunity, createTask } from '../../helpers/factories';
import { cardsOf, createBotFixture, textsOf, type BotFixture } from './botFixture';

let f: BotFixture;
// The last Monday at 08:30 UTC (the tenant's users are on UTC): the daily digest covers Friday to Sunday.
const monday = DateTime.utc().startOf('week').set({ hour: 8, minute: 30 });
const saturday = monday.minus({ days: 2 }).set({ hour: 12 });

beforeAll(async () => {
  f = await createBotFixture(() => monday.toJSDate());
  const db = f.t.db.ownerKnex;
  const { salesRep: rep, salesManager: manager } = f.acme.users;
  await db('users').where({ tenantId: f.acme.id, id: rep.id }).update({ managerId: manager.id });
  for (const type of ['email_out', 'email_out', 'call_out', 'meeting'] as const)
    await createEngagement(db, f.acme.id, {
      actorId: rep.id,
      type,
      channel: type === 'meeting' ? 'calendar' : type === 'call_out' ? 'phone' : 'email',
      occurredAt: saturday.toJSDate(),
    } as never);
  await createTask(db, f.acme.id, {
    ownerId: rep.id,
    status: 'completed',
    completedAt: saturday.toJSDate(),
  } as never);
  await createOpportunity(db, f.acme.id, {
    ownerId: rep.id,
    status: 'won',
    stage: 'closedWon',
    amount: '5000.00',
    closedAt: saturday.toJSDate(),
  } as never);
  await f.emulator.deliver(f.emulator.activities.installationUpdate(f.teams(manager.id, 'Max'), 'add'));
});
afterAll(async () => f?.close());

/** The team table of a digest card: one array of cell texts per row, header first. */
function tableRows(card: unknown): string[][] {
  const rows: string[][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as { type?: string; cells?: unknown[] };
    if (o.type === 'TableRow') rows.push((o.cells ?? []).map((c) => textsOf(c).join(' ')));
    else Object.values(o).forEach(walk);
  };
  walk(card);
  return rows;
}

describe("managers' digests", () => {
  it("queues Monday's daily digest once for a manager with the bot, and its figures are the API's for their team", async () => {
    const db = f.t.db.ownerKnex;
    const at = monday.toJSDate();
    expect(await enqueueDigests(db, at)).toBeGreaterThanOrEqual(1);
    expect(await enqueueDigests(db, at)).toBe(0);
    const { salesManager: manager, salesRep: rep } = f.acme.users;
    const [row] = await db('botNotifications').where({ tenantId: f.acme.id, userId: manager.id, kind: 'digest' });
    const period = { from: monday.minus({ days: 3 }).toISODate(), to: monday.minus({ days: 1 }).toISODate() };
    expect(row).toMatchObject({
      reasonKey: `digest:daily:${monday.toISODate()}`,
      payload: { period: 'daily', ...period },
    });

    await deliverDue(db, f.runtime, () => at);
    const conversation = (await db('botConversations').where({ userId: manager.id }).first()).conversationId;
    const [digest] = cardsOf(f.emulator.record(conversation)).filter((c) => tableRows(c).length > 0);
    expect(digest).toBeDefined();

    const api = await f.t.call('rep.performance.get', { period }, manager.token);
    expect(api.status).toBe(200);
    const reps = api.body.data.reps as {
      displayName: string;
      emailsSent: number;
      callsMade: number;
      meetingsBooked: number;
      tasksCompleted: number;
      userId: string;
    }[];
    expect(reps.map((r) => r.userId).sort()).toEqual([manager.id, rep.id].sort());
    const shown = tableRows(digest).slice(1);
    expect(shown).toEqual(
      reps.map((r) => [r.displayName, r.emailsSent, r.callsMade, r.meetingsBooked, r.tasksCompleted].map(String)),
    );
    const repRow = reps.find((r) => r.userId === rep.id)!;
    expect([repRow.emailsSent, repRow.callsMade, repRow.meetingsBooked, repRow.tasksCompleted]).toEqual([2, 1, 1, 1]);
    const texts = textsOf(digest).join(' | ');
    expect(texts).toContain(`${api.body.data.team.won} ·`);
  });

  it('sends nothing to a manager who turned digests off', async () => {
    const db = f.t.db.ownerKnex;
    const res = await f.t.call('bot.preferences.update', { digest: 'off' }, f.acme.users.salesManager.token);
    expect(res.status).toBe(200);
    expect(await enqueueDigests(db, monday.plus({ days: 1 }).toJSDate())).toBe(0);
  });
});
