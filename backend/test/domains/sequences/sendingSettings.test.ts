import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingMailer } from '#domains/sequences/ports';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, createTemplate, expectCall, expectValidation, runAt } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  await createMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id);
});
afterAll(async () => t?.close());

const db = () => t.db.ownerKnex;

/** Row counts of what these operations write, for one tenant. */
async function counts(tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['tenant_holidays', 'user_out_of_office', 'audit_log']) {
    const [row] = (await db()(table).where({ tenantId }).count('* as count')) as { count: string }[];
    out[table] = Number(row?.count ?? 0);
  }
  return out;
}

async function oneEmailSequence(tenant: TestTenant, sendWindow = always()): Promise<string> {
  const tpl = await createTemplate(db(), tenant.id);
  const body = {
    name: `Seq ${Math.random()}`,
    goal: 'reply',
    steps: [{ type: 'email', mode: 'auto', templateId: tpl.id }],
    sendWindow,
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
  };
  return (await expectCall(t, 'sequence.create', body, tenant.users.admin.token)).data.id;
}
async function enroll(tenant: TestTenant, sequenceId: string, n: number, startAt: string): Promise<string[]> {
  const contacts = await Promise.all(Array.from({ length: n }, () => createContact(db(), tenant.id)));
  const { data } = await expectCall(
    t,
    'sequence.enroll',
    { sequenceId, targets: contacts.map((c) => ({ contactId: c.id })), ownerId: tenant.users.salesRep.id, startAt },
    tenant.users.admin.token,
  );
  return data.results.map((r: { enrollmentId: string }) => r.enrollmentId);
}

describe('sequence.settings.get / update: the tenant daily cap', () => {
  it('caps automated email across all sequences of the tenant, and null lifts the cap', async () => {
    const capped = await t.tenant();
    await createMailbox(db(), capped.id, capped.users.salesRep.id);
    const initial = await expectCall(t, 'sequence.settings.get', {}, capped.users.salesRep.token);
    expect(initial.data).toEqual({
      tenantId: capped.id,
      dailyCap: null,
      mailboxLimits: { perMinute: 30, recipientsPerDay: 10_000 },
      updatedAt: null,
    });

    const set = await expectCall(t, 'sequence.settings.update', { dailyCap: 3 }, capped.users.admin.token);
    expect(set.data).toMatchObject({ dailyCap: 3 });
    expect(Date.parse(set.data.updatedAt)).toBeGreaterThan(0);
    expect((await expectCall(t, 'sequence.settings.get', {}, capped.users.analyst.token)).data).toEqual(set.data);
    const audit = await db()('auditLog').where({ tenantId: capped.id, operation: 'sequence.settings.update' });
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ dailyCap: null });
    expect(audit[0].after).toMatchObject({ dailyCap: 3 });

    // Two sequences, two contacts each, all due on Monday 10:00 UTC: the tenant's cap of 3 holds across both.
    const at = '2027-02-01T10:00:00.000Z';
    const a = await oneEmailSequence(capped);
    const b = await oneEmailSequence(capped);
    const ids = [...(await enroll(capped, a, 2, at)), ...(await enroll(capped, b, 2, at))];
    const mailer = createRecordingMailer();
    await runAt(db(), capped.id, at, { mailer });
    expect(await db()('sequenceSends').where({ tenantId: capped.id })).toHaveLength(3);
    const held = await db()('sequenceEnrollments')
      .whereIn('id', ids)
      .where({ currentStep: 0 })
      .whereNotNull('nextRunAt');
    expect(held).toHaveLength(1);
    expect(held[0].meta.blockedBy).toEqual(['daily_cap']);
    expect(held[0].nextRunAt.toISOString()).toBe('2027-02-02T00:00:00.000Z');

    // Lifting the cap lets the held one go in the same day.
    await expectCall(t, 'sequence.settings.update', { dailyCap: null }, capped.users.salesManager.token);
    await runAt(db(), capped.id, '2027-02-01T10:05:00.000Z', { mailer });
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: held[0].id }, capped.users.admin.token);
    expect(next.data.blockedBy).toEqual([]);
    // The other tenant's settings are untouched.
    expect((await expectCall(t, 'sequence.settings.get', {}, other.users.admin.token)).data.dailyCap).toBeNull();
  });

  it('answers 400 naming the field and 403 without sequence.manage, writing nothing', async () => {
    const before = await counts(acme.id);
    expectValidation(await t.call('sequence.settings.update', { dailyCap: 0 }, acme.users.admin.token), 'dailyCap');
    expectValidation(
      await t.call('sequence.settings.update', { dailyCap: 'many' }, acme.users.admin.token),
      'dailyCap',
    );
    expect((await t.call('sequence.settings.update', { dailyCap: 5 }, acme.users.salesRep.token)).status).toBe(403);
    expect((await t.call('sequence.settings.get', {}, acme.users.clientViewer.token)).status).toBe(403);
    expect(await counts(acme.id)).toEqual(before);
    expect((await expectCall(t, 'sequence.settings.get', {}, acme.users.admin.token)).data.dailyCap).toBeNull();
  });
});

describe('holiday.add / list / remove', () => {
  it('keeps calendars of days that hold automated email, lists them by day, and removes a day', async () => {
    const added = await expectCall(
      t,
      'holiday.add',
      {
        calendar: 'uk',
        days: [
          { day: '2027-12-27', name: 'Christmas (substitute)' },
          { day: '2027-12-25', name: 'Christmas' },
        ],
      },
      acme.users.admin.token,
    );
    expect(added.data.days.map((h: { day: string }) => h.day)).toEqual(['2027-12-25', '2027-12-27']);
    // Adding a day again renames it; the default calendar is used when none is named.
    await expectCall(
      t,
      'holiday.add',
      { calendar: 'uk', days: [{ day: '2027-12-27', name: 'Boxing day (substitute)' }] },
      acme.users.marketer.token,
    );
    await expectCall(
      t,
      'holiday.add',
      { days: [{ day: '2027-03-03', name: 'Founders day' }] },
      acme.users.salesManager.token,
    );
    const all = await expectCall(t, 'holiday.list', { limit: 2 }, acme.users.salesRep.token);
    expect(all.data.map((h: { calendar: string; day: string }) => `${h.calendar}:${h.day}`)).toEqual([
      'default:2027-03-03',
      'uk:2027-12-25',
    ]);
    const rest = await expectCall(t, 'holiday.list', { limit: 2, cursor: all.nextCursor }, acme.users.salesRep.token);
    expect(rest.data).toEqual([
      { tenantId: acme.id, calendar: 'uk', day: '2027-12-27', name: 'Boxing day (substitute)' },
    ]);
    expect(rest.nextCursor).toBeNull();
    const uk = await expectCall(t, 'holiday.list', { calendar: 'uk', from: '2027-12-26' }, acme.users.salesRep.token);
    expect(uk.data.map((h: { day: string }) => h.day)).toEqual(['2027-12-27']);
    expect((await expectCall(t, 'holiday.list', {}, other.users.admin.token)).data).toEqual([]);

    // The Sequence Runner holds email on a holiday of any calendar, in the send window's zone.
    const seq = await oneEmailSequence(acme);
    const [id] = await enroll(acme, seq, 1, '2027-03-03T10:00:00.000Z');
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, acme.users.admin.token);
    expect(next.data).toMatchObject({ scheduledAt: '2027-03-04T00:00:00.000Z', blockedBy: [{ guardrail: 'holiday' }] });

    const removed = await expectCall(t, 'holiday.remove', { day: '2027-03-03' }, acme.users.admin.token);
    expect(removed.data).toMatchObject({ calendar: 'default', day: '2027-03-03' });
    const after = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, acme.users.admin.token);
    expect(after.data).toMatchObject({ scheduledAt: '2027-03-03T10:00:00.000Z', blockedBy: [] });
  });

  it('answers 400 naming the field, 404 for a day only another tenant has, 403 without permission, writing nothing', async () => {
    await expectCall(
      t,
      'holiday.add',
      { calendar: 'us', days: [{ day: '2027-07-05', name: 'Independence day (observed)' }] },
      other.users.admin.token,
    );
    const before = await counts(acme.id);
    expectValidation(
      await t.call('holiday.add', { days: [{ day: '2027-02-30' }] }, acme.users.admin.token),
      'days.0.day',
    );
    expectValidation(
      await t.call('holiday.add', { calendar: 'UK!', days: [{ day: '2027-02-01' }] }, acme.users.admin.token),
      'calendar',
    );
    expectValidation(await t.call('holiday.add', { days: [] }, acme.users.admin.token), 'days');
    expectValidation(
      await t.call('holiday.add', { days: [{ day: '2027-02-01' }, { day: '2027-02-01' }] }, acme.users.admin.token),
      'days',
    );
    expectValidation(
      await t.call('holiday.list', { from: '2027-02-02', to: '2027-02-01' }, acme.users.admin.token),
      'to',
    );
    expect((await t.call('holiday.remove', { calendar: 'us', day: '2027-07-05' }, acme.users.admin.token)).status).toBe(
      404,
    );
    expect((await t.call('holiday.add', { days: [{ day: '2027-02-01' }] }, acme.users.salesRep.token)).status).toBe(
      403,
    );
    expect(
      (await t.call('holiday.remove', { calendar: 'uk', day: '2027-12-25' }, acme.users.analyst.token)).status,
    ).toBe(403);
    expect((await t.call('holiday.list', {}, acme.users.clientViewer.token)).status).toBe(403);
    expect(await counts(acme.id)).toEqual(before);
    expect(await db()('tenantHolidays').where({ tenantId: other.id })).toHaveLength(1);
  });
});

describe('user.outOfOffice.list / set / remove', () => {
  it("records a rep's time away, holds their automated email until it ends, and lets a manager manage it", async () => {
    const rep = acme.users.salesRep;
    const own = await expectCall(
      t,
      'user.outOfOffice.set',
      { startsAt: '2027-04-05T00:00:00Z', endsAt: '2027-04-07T08:00:00Z', note: 'Conference' },
      rep.token,
    );
    expect(own.data).toMatchObject({
      userId: rep.id,
      startsAt: '2027-04-05T00:00:00.000Z',
      endsAt: '2027-04-07T08:00:00.000Z',
      note: 'Conference',
    });
    const byManager = await expectCall(
      t,
      'user.outOfOffice.set',
      { userId: rep.id, startsAt: '2027-05-03T00:00:00Z', endsAt: '2027-05-04T00:00:00Z' },
      acme.users.salesManager.token,
    );
    const list = await expectCall(t, 'user.outOfOffice.list', {}, rep.token);
    expect(list.data.map((o: { id: string }) => o.id)).toEqual([own.data.id, byManager.data.id]);
    expect(
      (await expectCall(t, 'user.outOfOffice.list', { userId: rep.id, limit: 1 }, acme.users.admin.token)).data,
    ).toHaveLength(1);

    const seq = await oneEmailSequence(acme);
    const [id] = await enroll(acme, seq, 1, '2027-04-06T09:00:00.000Z');
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, acme.users.admin.token);
    expect(next.data).toMatchObject({
      scheduledAt: '2027-04-07T08:00:00.000Z',
      blockedBy: [{ guardrail: 'out_of_office' }],
    });

    const removed = await expectCall(t, 'user.outOfOffice.remove', { id: own.data.id }, rep.token);
    expect(removed.data.id).toBe(own.data.id);
    expect(
      (await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, acme.users.admin.token)).data.blockedBy,
    ).toEqual([]);
    expect(await db()('auditLog').where({ tenantId: acme.id, targetType: 'out_of_office' })).toHaveLength(3);

    // Past periods only on request.
    const past = await expectCall(
      t,
      'user.outOfOffice.set',
      { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' },
      rep.token,
    );
    expect(
      (await expectCall(t, 'user.outOfOffice.list', {}, rep.token)).data.map((o: { id: string }) => o.id),
    ).not.toContain(past.data.id);
    expect((await expectCall(t, 'user.outOfOffice.list', { includePast: 'true' }, rep.token)).data[0].id).toBe(
      past.data.id,
    );
  });

  it('answers 400 naming the field, 404 across tenants, 403 for another user without user.manage, writing nothing', async () => {
    const theirs = await expectCall(
      t,
      'user.outOfOffice.set',
      { startsAt: '2027-06-01T00:00:00Z', endsAt: '2027-06-02T00:00:00Z' },
      other.users.salesRep.token,
    );
    const mine = await expectCall(
      t,
      'user.outOfOffice.set',
      { startsAt: '2027-06-01T00:00:00Z', endsAt: '2027-06-02T00:00:00Z' },
      acme.users.admin.token,
    );
    const before = await counts(acme.id);
    expectValidation(
      await t.call(
        'user.outOfOffice.set',
        { startsAt: '2027-06-02T00:00:00Z', endsAt: '2027-06-01T00:00:00Z' },
        acme.users.salesRep.token,
      ),
      'endsAt',
    );
    expectValidation(
      await t.call(
        'user.outOfOffice.set',
        { startsAt: 'tomorrow', endsAt: '2027-06-01T00:00:00Z' },
        acme.users.salesRep.token,
      ),
      'startsAt',
    );
    expectValidation(await t.call('user.outOfOffice.remove', { id: 'x' }, acme.users.salesRep.token), 'id');
    expect(
      (
        await t.call(
          'user.outOfOffice.set',
          { userId: other.users.salesRep.id, startsAt: '2027-06-01T00:00:00Z', endsAt: '2027-06-02T00:00:00Z' },
          acme.users.admin.token,
        )
      ).status,
    ).toBe(404);
    expect((await t.call('user.outOfOffice.remove', { id: theirs.data.id }, acme.users.admin.token)).status).toBe(404);
    expect(
      (await t.call('user.outOfOffice.list', { userId: other.users.salesRep.id }, acme.users.admin.token)).status,
    ).toBe(404);
    expect(
      (
        await t.call(
          'user.outOfOffice.set',
          { userId: acme.users.admin.id, startsAt: '2027-06-01T00:00:00Z', endsAt: '2027-06-02T00:00:00Z' },
          acme.users.salesRep.token,
        )
      ).status,
    ).toBe(403);
    expect((await t.call('user.outOfOffice.remove', { id: mine.data.id }, acme.users.salesRep.token)).status).toBe(403);
    expect(
      (await t.call('user.outOfOffice.list', { userId: acme.users.admin.id }, acme.users.analyst.token)).status,
    ).toBe(403);
    expect(await counts(acme.id)).toEqual(before);
    expect(await db()('userOutOfOffice').where({ tenantId: other.id })).toHaveLength(1);
  });
});
