import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness } from '../mail/mailHarness';
import { always, createTemplate } from '../sequences/helpers';

describe('meeting.create and meeting.log', () => {
  let t: TestApp;
  let mail: MailHarness;
  let acme: TestTenant;
  let other: TestTenant;
  let accountId: string;
  let opportunityId: string;
  let contactId: string;
  let enrollmentId: string;
  const rep = () => acme.users.salesRep;
  const start = '2026-12-15T10:00:00.000Z';
  const end = '2026-12-15T10:30:00.000Z';

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    setMailRuntime({ adapter: mail.adapter, notificationBaseUrl: null });
    [acme, other] = [await t.tenant(), await t.tenant()];
    const db = t.db.ownerKnex;
    mail.emulator.control.seedMailbox({ address: rep().email, messages: 0, days: 1, seed: 1 });
    const mailboxId = await connectMailbox(db, acme.id, rep().id, rep().email, { backfillDays: 1 });
    await withTenant(db, { tenantId: acme.id, userId: null, clientIds: null, mailboxScope: 'all' }, (trx) =>
      trx('mailboxAccounts').where({ id: mailboxId }).update({ address: rep().email }),
    );
    accountId = (await createAccount(db, acme.id)).id;
    contactId = (await createContact(db, acme.id, { accountId, email: 'dana@customer.example' })).id;
    opportunityId = (await createOpportunity(db, acme.id, { accountId, ownerId: rep().id })).id;
    // A live enrollment of the contact in a sequence (its default stop rule: a meeting booked stops it).
    const template = await createTemplate(db, acme.id);
    const sequence = await t.call(
      'sequence.create',
      {
        name: 'Outreach',
        goal: 'meeting',
        sendWindow: always(),
        steps: [{ type: 'email', mode: 'auto', templateId: template.id }],
      },
      acme.users.admin.token,
    );
    expect(sequence.status, JSON.stringify(sequence.body)).toBe(200);
    const enrolled = await t.call(
      'sequence.enroll',
      { sequenceId: sequence.body.data.id, targets: [{ contactId }], ownerId: rep().id },
      acme.users.admin.token,
    );
    enrollmentId = enrolled.body.data.results[0].enrollmentId;
  }, 60_000);
  afterAll(async () => {
    setMailRuntime(null);
    await mail?.close();
    await t?.close();
  });

  const input = () => ({
    subject: 'Demo for Dana',
    startAt: start,
    endAt: end,
    timeZone: 'Europe/London',
    attendees: [{ email: 'Dana@customer.example', name: 'Dana' }, { email: 'someone@else.example' }],
    opportunityId,
  });

  it('books a Teams meeting in the organizer’s calendar, logs it and stops the contact’s sequence', async () => {
    const res = await t.call('meeting.create', input(), rep().token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const meeting = res.body.data;
    expect(meeting).toMatchObject({ status: 'scheduled', accountId, opportunityId, organizerId: rep().id });
    expect(meeting.onlineMeetingUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    expect(meeting.attendees[0]).toEqual({ email: 'dana@customer.example', name: 'Dana', contactId, response: 'none' });
    const view = await mail.adapter.calendarView(
      { tenantId: acme.id, mailboxId: 'x', address: rep().email },
      { start: new Date('2026-12-15T00:00:00Z'), end: new Date('2026-12-16T00:00:00Z') },
    );
    expect(view.items.map((e) => e.id)).toEqual([meeting.externalEventId]);
    const timeline = await t.call('timeline.get', { opportunityId }, rep().token);
    const item = timeline.body.data.find((i: { refs: { meetingId?: string } }) => i.refs.meetingId === meeting.id);
    expect(item).toMatchObject({ type: 'meeting', channel: 'calendar', contactId });
    const enrollment = await t.db.ownerKnex('sequenceEnrollments').where({ id: enrollmentId }).first();
    expect(enrollment).toMatchObject({ status: 'completed', stopReason: 'meeting_booked' });

    // A retry books nothing new: Graph's transactionId answers the same event, and the same meeting comes back.
    const retry = await t.call('meeting.create', input(), rep().token);
    expect(retry.body.data.id).toBe(meeting.id);
    const again = await mail.adapter.calendarView(
      { tenantId: acme.id, mailboxId: 'x', address: rep().email },
      { start: new Date('2026-12-15T00:00:00Z'), end: new Date('2026-12-16T00:00:00Z') },
    );
    expect(again.items).toHaveLength(1);

    const held = await t.call(
      'meeting.log',
      { meetingId: meeting.id, outcome: 'held', notes: 'Went well' },
      rep().token,
    );
    expect(held.body.data).toMatchObject({ status: 'held', notes: 'Went well' });
    const conflict = await t.call('meeting.log', { meetingId: meeting.id, outcome: 'noShow' }, rep().token);
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'invalid_state']);
  });

  it('logs a meeting held elsewhere; a missed one does not count as booked', async () => {
    const res = await t.call(
      'meeting.log',
      { subject: 'Coffee', startAt: start, accountId, contactIds: [contactId], outcome: 'noShow' },
      rep().token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'noShow', endAt: end, externalEventId: null });
    const logged = await t.db.ownerKnex('engagements').where({ id: res.body.data.engagementId }).first('meta');
    expect(logged.meta).toMatchObject({ outcome: 'noShow', meetingId: res.body.data.id });
  });

  it('answers 400 with the field and writes nothing, 404 across tenants, 403 without the permission or mailbox', async () => {
    const count = async () => Number((await t.db.ownerKnex('meetings').count({ n: '*' }))[0]!.n);
    const before = await count();
    const backwards = await t.call('meeting.create', { ...input(), endAt: start, startAt: end }, rep().token);
    expect([backwards.status, backwards.body.error.details.issues[0].path]).toEqual([400, 'endAt']);
    const noAccount = await t.call('meeting.log', { subject: 'x', startAt: start }, rep().token);
    expect([noAccount.status, noAccount.body.error.details.issues[0].path]).toEqual([400, 'meetingId']);
    const foreignOpp = await t.call('meeting.create', { ...input(), opportunityId: uuidv7() }, rep().token);
    expect([foreignOpp.status, foreignOpp.body.error.code]).toEqual([422, 'reference_invalid']);
    expect(await count()).toBe(before);
    const meetingId = (await t.db.ownerKnex('meetings').first('id')).id;
    const otherTenant = await t.call('meeting.log', { meetingId, outcome: 'held' }, other.users.salesRep.token);
    expect(otherTenant.status).toBe(404);
    const viewer = await t.call('meeting.create', input(), acme.users.clientViewer.token);
    expect(viewer.status).toBe(403);
    const noMailbox = await t.call('meeting.create', input(), acme.users.salesManager.token);
    expect([noMailbox.status, noMailbox.body.error.code]).toEqual([409, 'mailbox_not_connected']);
  });
});
