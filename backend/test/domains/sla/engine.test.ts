import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { evaluateTenant } from '../../../src/domains/sla/jobs';
import { registerSlaMetrics } from '../../../src/domains/sla/metrics';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createEngagement, createOpportunity, createPipeline, createUser } from '../../helpers/factories';
import { eventsOf } from '../pipelines/helpers';

let t: TestApp;
let acme: TestTenant;
const H = 3_600_000;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  await t.db.ownerKnex('tenants').where({ id: acme.id }).update({ timeZone: 'Europe/London' });
});
afterAll(async () => t?.close());

/** A pipeline with an idle limit (and optionally more), and a rep with a manager. */
async function setup(policy: Record<string, unknown>) {
  const db = t.db.ownerKnex;
  const manager = await createUser(db, acme.id, { role: 'salesManager' });
  const rep = await createUser(db, acme.id, { role: 'salesRep' });
  await db('users').where({ tenantId: acme.id, id: rep.id }).update({ managerId: manager.id });
  const pipeline = await createPipeline(db, acme.id, {
    ownerId: manager.id,
    slaPolicy: JSON.stringify(policy),
  } as never);
  return { db, manager, rep, pipeline };
}

const breachesOf = (opportunityId: string) =>
  t.db.ownerKnex('slaBreaches').where({ tenantId: acme.id, opportunityId }).orderBy('breachedAt');
const notificationsOf = (userId: string) =>
  t.db.ownerKnex('botNotifications').where({ tenantId: acme.id, userId }).orderBy('createdAt');
const evaluate = (now: Date) => evaluateTenant(t.db.ownerKnex, acme.id, now);

describe('the SLA engine', () => {
  it("breaches at the exact limit in the tenant's zone across a DST change: one task in the owner's queue, one event, one card", async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 72 });
    // Friday 24 Oct 2025 10:00 BST; the clocks go back on Sunday: 72 h is Monday 10:00 GMT = 10:00Z (73 real hours).
    const opp = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: at('2025-10-24T09:00:00Z'),
    } as never);
    expect((await evaluate(at('2025-10-27T09:59:59Z'))).opened).toBe(0);
    expect(await breachesOf(opp.id)).toHaveLength(0);
    const report = await evaluate(at('2025-10-27T10:00:00Z'));
    expect(report.opened).toBe(1);
    const [breach] = await breachesOf(opp.id);
    expect(breach).toMatchObject({ kind: 'idle', stage: 'qualification', ownerId: rep.id, limitHours: 72 });
    expect(breach.dueAt).toEqual(at('2025-10-27T10:00:00Z'));
    const task = await db('tasks').where({ tenantId: acme.id, id: breach.taskId }).first();
    expect(task).toMatchObject({
      origin: 'sla',
      ownerId: rep.id,
      opportunityId: opp.id,
      status: 'open',
      priority: 'high',
    });
    expect(task.title).toBe(`SLA: no activity on ${opp.name} in 3 days`);
    const events = (await eventsOf(db, acme.id, 'sla.breached')).filter((e) => e.payload.opportunityId === opp.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ breachId: breach.id, taskId: task.id, limitHours: 72 });
    expect((await notificationsOf(rep.id)).map((n) => [n.kind, n.reasonKey])).toEqual([
      ['sla_reminder', `sla:${breach.id}`],
    ]);
    // Evaluating again changes nothing.
    expect((await evaluate(at('2025-10-28T10:00:00Z'))).opened).toBe(0);
    expect(await breachesOf(opp.id)).toHaveLength(1);
  });

  it('opens nothing for a deal with a recent human touch; a bot engagement is not a touch', async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 72 });
    const now = at('2026-03-10T12:00:00Z');
    const touched = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: new Date(now.getTime() - 10 * 24 * H),
    } as never);
    const botOnly = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: new Date(now.getTime() - 10 * 24 * H),
    } as never);
    await createEngagement(db, acme.id, {
      opportunityId: touched.id,
      type: 'email_in',
      direction: 'in',
      channel: 'email',
      occurredAt: new Date(now.getTime() - 24 * H),
    } as never);
    await createEngagement(db, acme.id, {
      opportunityId: botOnly.id,
      type: 'email_in',
      direction: 'in',
      channel: 'email',
      isBot: true,
      occurredAt: new Date(now.getTime() - 24 * H),
    } as never);
    await evaluate(now);
    expect(await breachesOf(touched.id)).toHaveLength(0);
    expect(await breachesOf(botOnly.id)).toHaveLength(1);
  });

  it('clears on a human touch (task done, time to first touch kept); the next breach is a new one', async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 24 });
    const start = at('2026-04-06T08:00:00Z');
    const opp = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: start,
    } as never);
    await evaluate(new Date(start.getTime() + 25 * H));
    const [first] = await breachesOf(opp.id);
    const touchAt = new Date(start.getTime() + 30 * H);
    await createEngagement(db, acme.id, {
      opportunityId: opp.id,
      type: 'call_out',
      channel: 'phone',
      occurredAt: touchAt,
    } as never);
    const report = await evaluate(new Date(start.getTime() + 31 * H));
    expect(report.cleared).toBe(1);
    const cleared = await db('slaBreaches').where({ tenantId: acme.id, id: first!.id }).first();
    expect(cleared).toMatchObject({ clearedReason: 'engagement' });
    expect(cleared.firstTouchAt).toEqual(touchAt);
    expect(await db('tasks').where({ id: first!.taskId }).first('status')).toEqual({ status: 'completed' });
    // 24 h after the touch: a second breach.
    await evaluate(new Date(touchAt.getTime() + 24 * H));
    const all = await breachesOf(opp.id);
    expect(all).toHaveLength(2);
    expect(all[1]!.id).not.toBe(first!.id);
    expect(all[1]!.dueAt).toEqual(new Date(touchAt.getTime() + 24 * H));
  });

  it('clears on a stage move, and the time-in-stage limit breaches whatever the activity', async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 24, stageMaxStageHours: { proposal: 48 } });
    const start = at('2026-05-04T08:00:00Z');
    const opp = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: start,
    } as never);
    await evaluate(new Date(start.getTime() + 25 * H));
    const moved = new Date(start.getTime() + 26 * H);
    await db('opportunities').where({ id: opp.id }).update({ stage: 'proposal', stageEnteredAt: moved });
    await evaluate(new Date(start.getTime() + 27 * H));
    expect((await breachesOf(opp.id)).map((b) => b.clearedReason)).toEqual(['stage_move']);
    for (let h = 12; h < 48; h += 12)
      await createEngagement(db, acme.id, {
        opportunityId: opp.id,
        type: 'meeting',
        channel: 'calendar',
        occurredAt: new Date(moved.getTime() + h * H),
      } as never);
    await evaluate(new Date(moved.getTime() + 48 * H));
    const open = (await breachesOf(opp.id)).filter((b) => b.clearedAt === null);
    expect(open.map((b) => [b.kind, b.stage])).toEqual([['stage_time', 'proposal']]);
  });

  it("escalates to the owner's manager after the delay with no touch, once; not without a manager", async () => {
    const { db, rep, manager, pipeline } = await setup({ defaultMaxIdleHours: 24, escalateAfterHours: 8 });
    const loner = await createUser(db, acme.id, { role: 'salesRep' });
    const start = at('2026-06-01T08:00:00Z');
    const opp = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: start,
    } as never);
    const orphan = await createOpportunity(db, acme.id, {
      ownerId: loner.id,
      pipelineId: pipeline.id,
      stageEnteredAt: start,
    } as never);
    await evaluate(new Date(start.getTime() + 24 * H));
    expect((await evaluate(new Date(start.getTime() + 31 * H))).escalated).toBe(0);
    expect((await evaluate(new Date(start.getTime() + 32 * H))).escalated).toBe(1);
    await evaluate(new Date(start.getTime() + 40 * H));
    const [b] = await breachesOf(opp.id);
    expect(b).toMatchObject({ escalatedTo: manager.id });
    expect((await notificationsOf(manager.id)).map((n) => n.reasonKey)).toEqual([`sla-escalation:${b!.id}`]);
    const [o] = await breachesOf(orphan.id);
    expect(o!.escalatedAt).not.toBeNull();
    expect(o!.escalatedTo).toBeNull();
    const escalations = (await eventsOf(db, acme.id, 'sla.escalated')).filter((e) => e.payload.breachId === b!.id);
    expect(escalations).toHaveLength(1);
  });

  it("pauses on the tenant's holidays and the owner's out-of-office", async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 24 });
    const start = at('2026-07-06T08:00:00Z'); // Monday 09:00 BST
    const opp = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: start,
    } as never);
    await evaluate(new Date(start.getTime() - H));
    const clock = () => db('slaClocks').where({ tenantId: acme.id, opportunityId: opp.id }).first();
    expect((await clock()).idleDueAt).toEqual(new Date(start.getTime() + 24 * H));
    // A holiday on Tuesday (through the API, as an admin would add it), then the owner away on Wednesday.
    await t.call('holiday.add', { days: [{ day: '2026-07-07', name: 'Company day' }] }, acme.users.admin.token);
    await evaluate(new Date(start.getTime() - H));
    expect((await clock()).idleDueAt).toEqual(new Date(start.getTime() + 48 * H));
    await db('userOutOfOffice').insert({
      tenantId: acme.id,
      id: crypto.randomUUID(),
      userId: rep.id,
      startsAt: at('2026-07-07T23:00:00Z'),
      endsAt: at('2026-07-08T23:00:00Z'),
    });
    await evaluate(new Date(start.getTime() - H));
    expect((await clock()).idleDueAt).toEqual(new Date(start.getTime() + 72 * H));
    await evaluate(new Date(start.getTime() + 71 * H));
    expect(await breachesOf(opp.id)).toHaveLength(0);
  });

  it('opens exactly one breach, task and card per deal under concurrent workers', async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 24 });
    const start = at('2026-08-03T08:00:00Z');
    const opps = [];
    for (let i = 0; i < 40; i++)
      opps.push(
        await createOpportunity(db, acme.id, {
          ownerId: rep.id,
          pipelineId: pipeline.id,
          stageEnteredAt: start,
        } as never),
      );
    const later = new Date(start.getTime() + 30 * H);
    const reports = await Promise.all([1, 2, 3, 4].map(() => evaluate(later)));
    await evaluate(later);
    const ids = opps.map((o) => o.id);
    const breaches = await db('slaBreaches').where({ tenantId: acme.id }).whereIn('opportunityId', ids);
    expect(breaches).toHaveLength(40);
    // What the runs say they opened is what exists (the tenant's earlier deals fall due too at this time).
    const openedNow = await db('slaBreaches').where({ tenantId: acme.id, breachedAt: later });
    expect(reports.reduce((n, r) => n + r.opened, 0)).toBe(openedNow.length);
    expect(
      await db('tasks').where({ tenantId: acme.id, origin: 'sla' }).whereIn('opportunityId', ids).count('* as n'),
    ).toEqual([{ n: 40 }]);
    const cards = await db('botNotifications')
      .where({ tenantId: acme.id })
      .whereIn(
        'reasonKey',
        breaches.map((b) => `sla:${b.id}`),
      );
    expect(cards).toHaveLength(40);
  });

  it('reports breaches open and recorded per stage, and the time to first touch, on /metrics', async () => {
    const { db, rep, pipeline } = await setup({ defaultMaxIdleHours: 24 });
    const start = new Date(Date.now() - 3 * 24 * H);
    const opp = await createOpportunity(db, acme.id, {
      ownerId: rep.id,
      pipelineId: pipeline.id,
      stageEnteredAt: start,
    } as never);
    await evaluate(new Date(start.getTime() + 25 * H));
    await createEngagement(db, acme.id, {
      opportunityId: opp.id,
      type: 'call_out',
      channel: 'phone',
      occurredAt: new Date(start.getTime() + 27 * H),
    } as never);
    await evaluate(new Date(start.getTime() + 28 * H));
    const registry = new Registry();
    registerSlaMetrics(registry, t.db.ownerKnex);
    const text = await registry.metrics();
    const open = await t.db.ownerKnex('slaBreaches').where({ tenantId: acme.id }).whereNull('clearedAt');
    const qualification = open.filter((b) => b.stage === 'qualification' && b.kind === 'idle').length;
    expect(text).toContain(
      `pivotal_sla_breaches_open{tenant="${acme.slug}",stage="qualification",kind="idle"} ${qualification}`,
    );
    expect(text).toMatch(
      new RegExp(
        `pivotal_sla_first_touch_seconds\\{tenant="${acme.slug}",stage="qualification",kind="idle",quantile="0.5"\\} \\d+`,
      ),
    );
  });
});
