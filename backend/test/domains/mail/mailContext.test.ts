import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailContext } from '@pivotal-pm/sdk';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import {
  createAccount,
  createContact,
  createEngagement,
  createOpportunity,
  createPipeline,
  createTask,
} from '../../helpers/factories';
import { createMailbox, createMessage } from '../../helpers/mailFactories';
import { expectError, expectInvalid } from '../directory/checks';
import { always, createTemplate, expectCall } from '../sequences/helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

const rep = () => acme.users.salesRep;

/** The rep's one Office 365 mailbox (made on first use). */
let box: { id: string; userId: string } | undefined;
async function repMailbox() {
  box ??= await createMailbox(t.db.ownerKnex, acme.id, rep().id);
  return box;
}

/** A deal with Initech: the contact Jane, her colleague Bob (unknown), and what is open with them. */
async function initechDeal() {
  const db = t.db.ownerKnex;
  const tag = Math.random().toString(36).slice(2, 8);
  const domain = `initech-${tag}.test`;
  const account = await createAccount(db, acme.id, { name: `Initech ${tag}`, domain });
  const jane = await createContact(db, acme.id, { accountId: account.id, email: `jane@${domain}`, firstName: 'Jane' });
  const pipeline = await createPipeline(db, acme.id, { slaPolicy: { defaultMaxIdleHours: 72 } });
  const now = Date.now();
  const primary = await createOpportunity(db, acme.id, {
    pipelineId: pipeline.id,
    accountId: account.id,
    primaryContactId: jane.id,
    ownerId: rep().id,
    stage: 'proposal',
    stageEnteredAt: new Date(now - 10 * DAY),
    lastActivityAt: new Date(now - 5 * DAY),
  });
  const sameAccount = await createOpportunity(db, acme.id, {
    pipelineId: pipeline.id,
    accountId: account.id,
    ownerId: rep().id,
    lastActivityAt: new Date(now - 60 * HOUR),
    stageEnteredAt: new Date(now - 2 * DAY),
  });
  const won = await createOpportunity(db, acme.id, {
    pipelineId: pipeline.id,
    accountId: account.id,
    stage: 'closedWon',
    status: 'won',
  });
  const task = await createTask(db, acme.id, {
    opportunityId: primary.id,
    ownerId: rep().id,
    title: 'Send the proposal',
  });
  const done = await createTask(db, acme.id, { contactId: jane.id, ownerId: rep().id, status: 'completed' });
  await createEngagement(db, acme.id, { accountId: account.id, occurredAt: new Date(now - 3 * DAY), type: 'note' });
  const last = await createEngagement(db, acme.id, {
    accountId: account.id,
    contactId: jane.id,
    opportunityId: primary.id,
    occurredAt: new Date(now - DAY),
    type: 'call_out',
    channel: 'phone',
    direction: 'out',
  });
  return { domain, account, jane, pipeline, primary, sameAccount, won, task, done, last };
}

describe('mailContext.get', () => {
  it('answers who the people are and what is open with them, in one call', async () => {
    const deal = await initechDeal();
    const res = await t.call(
      'mailContext.get',
      {
        from: deal.jane.email,
        to: [rep().email, `bob@${deal.domain}`],
        cc: ['someone@nowhere.test', deal.jane.email],
      },
      rep().token,
    );
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    const context = MailContext.parse(res.body.data);
    // The rep's own address is not a person of their message; Jane once, as the sender.
    expect(context.people.map((p) => [p.address, p.role, p.contact?.id ?? null, p.account?.id ?? null])).toEqual([
      [deal.jane.email, 'from', deal.jane.id, deal.account.id],
      [`bob@${deal.domain}`, 'to', null, deal.account.id],
      ['someone@nowhere.test', 'cc', null, null],
    ]);
    // Open opportunities only (not the won one); the primary contact's first would be by update time, so check both.
    const byId = new Map(context.opportunities.map((o) => [o.opportunity.id, o]));
    expect([...byId.keys()].sort()).toEqual([deal.primary.id, deal.sameAccount.id].sort());
    expect(byId.get(deal.primary.id)).toMatchObject({
      pipelineName: deal.pipeline.name,
      ownerName: ((await t.db.ownerKnex('users').where({ id: rep().id }).first()) as { displayName: string })
        .displayName,
      daysInStage: 10,
      sla: 'breached',
      matchedBy: 'contact',
    });
    expect(byId.get(deal.sameAccount.id)).toMatchObject({ sla: 'at_risk', matchedBy: 'account', daysInStage: 2 });
    expect(context.lastTouch).toMatchObject({
      type: 'call_out',
      direction: 'out',
      contactId: deal.jane.id,
      opportunityId: deal.primary.id,
    });
    expect(context.openTasks.map((task) => task.id)).toEqual([deal.task.id]);
    expect(context.message).toBeNull();
  });

  it("finds the caller's synced copy by internetMessageId and puts the opportunity it is logged to first", async () => {
    const deal = await initechDeal();
    const db = t.db.ownerKnex;
    const box = await repMailbox();
    const internetMessageId = `<${Math.random().toString(36).slice(2)}@initech.test>`;
    const receivedAt = new Date(Date.now() - HOUR);
    const message = await createMessage(db, acme.id, box, {
      internetMessageId,
      conversationId: 'conv-1',
      fromAddress: deal.jane.email!,
      receivedAt,
      direction: 'in',
    });
    const logged = await createEngagement(db, acme.id, {
      accountId: deal.account.id,
      opportunityId: deal.sameAccount.id,
      messageId: message.id,
      occurredAt: receivedAt,
      type: 'email_in',
      channel: 'email',
      subject: null,
    });
    const res = await t.call('mailContext.get', { internetMessageId, from: deal.jane.email }, rep().token);
    expect(res.body.error).toBeUndefined();
    const context = MailContext.parse(res.body.data);
    expect(context.message).toEqual({ id: message.id, conversationId: 'conv-1', engagementId: logged.id });
    expect(context.opportunities[0]).toMatchObject({ opportunity: { id: deal.sameAccount.id }, matchedBy: 'message' });

    // Another rep with the same message id sees no copy: mailbox privacy.
    const manager = await t.call(
      'mailContext.get',
      { internetMessageId, from: deal.jane.email },
      acme.users.salesManager.token,
    );
    expect(MailContext.parse(manager.body.data).message).toBeNull();
  });

  it('finds the deal a thread was logged to from a newer message of the same conversation', async () => {
    const deal = await initechDeal();
    const db = t.db.ownerKnex;
    const box = await repMailbox();
    const conversationId = `conv-${Math.random().toString(36).slice(2)}`;
    const earlierAt = new Date(Date.now() - 2 * DAY);
    const earlier = await createMessage(db, acme.id, box, {
      internetMessageId: `<earlier-${conversationId}@initech.test>`,
      conversationId,
      fromAddress: deal.jane.email!,
      receivedAt: earlierAt,
    });
    await createEngagement(db, acme.id, {
      accountId: deal.account.id,
      opportunityId: deal.sameAccount.id,
      messageId: earlier.id,
      occurredAt: earlierAt,
      type: 'email_in',
      channel: 'email',
    });
    const latest = `<latest-${conversationId}@initech.test>`;
    await createMessage(db, acme.id, box, {
      internetMessageId: latest,
      conversationId,
      fromAddress: 'new@elsewhere.test',
    });
    const res = await t.call('mailContext.get', { internetMessageId: latest, from: 'new@elsewhere.test' }, rep().token);
    const context = MailContext.parse(res.body.data);
    expect(context.opportunities.map((o) => [o.opportunity.id, o.matchedBy])).toEqual([
      [deal.sameAccount.id, 'message'],
    ]);
    expect(context.message).toMatchObject({ conversationId, engagementId: null });
  });

  it('lists the live enrollments of the contacts with their sequence and next step', async () => {
    const deal = await initechDeal();
    const db = t.db.ownerKnex;
    await repMailbox();
    const tpl = await createTemplate(db, acme.id);
    const seq = await expectCall(
      t,
      'sequence.create',
      {
        name: `Follow-up ${deal.domain}`,
        goal: 'reply',
        steps: [
          { type: 'wait', duration: 'P2D' },
          { type: 'email', mode: 'auto', templateId: tpl.id },
        ],
        sendWindow: always(),
      },
      acme.users.admin.token,
    );
    const enrolled = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq.data.id, targets: [{ contactId: deal.jane.id }], ownerId: rep().id },
      acme.users.admin.token,
    );
    expect(enrolled.data.enrolled).toHaveLength(1);
    const context = MailContext.parse(
      (await t.call('mailContext.get', { from: deal.jane.email }, rep().token)).body.data,
    );
    expect(context.enrollments).toEqual([
      {
        enrollment: expect.objectContaining({ contactId: deal.jane.id, sequenceId: seq.data.id, status: 'active' }),
        sequenceName: `Follow-up ${deal.domain}`,
        nextStep: { index: 0, type: 'wait' },
      },
    ]);
  });

  it('matches nothing of another tenant: its contacts, accounts and messages stay invisible', async () => {
    const db = t.db.ownerKnex;
    const account = await createAccount(db, other.id, { domain: 'globex-other.test' });
    const contact = await createContact(db, other.id, { accountId: account.id, email: 'hank@globex-other.test' });
    await createOpportunity(db, other.id, { accountId: account.id, primaryContactId: contact.id });
    const box = await createMailbox(db, other.id, other.users.salesRep.id);
    await createMessage(db, other.id, box, { internetMessageId: '<foreign@globex.test>', fromAddress: contact.email! });
    const res = await t.call(
      'mailContext.get',
      { internetMessageId: '<foreign@globex.test>', from: contact.email },
      rep().token,
    );
    expect(MailContext.parse(res.body.data)).toEqual({
      message: null,
      people: [{ address: 'hank@globex-other.test', role: 'from', contact: null, account: null }],
      opportunities: [],
      lastTouch: null,
      openTasks: [],
      enrollments: [],
    });
  });

  it('answers 400 naming the field for input it cannot use', async () => {
    expectInvalid(await t.call('mailContext.get', {}, rep().token), 'internetMessageId');
    expectInvalid(await t.call('mailContext.get', { to: ['not an address'] }, rep().token), 'to.0');
    expectInvalid(
      await t.call('mailContext.get', { from: 'x@y.test', internetMessageId: '' }, rep().token),
      'internetMessageId',
    );
    expectInvalid(
      await t.call('mailContext.get', { cc: Array.from({ length: 101 }, (_, i) => `p${i}@x.test`) }, rep().token),
      'cc',
    );
  });

  it('answers 403 to roles without mail.read: client roles, marketers, analysts', async () => {
    for (const role of ['clientViewer', 'clientApprover', 'marketer', 'analyst'] as const) {
      expectError(
        await t.call('mailContext.get', { from: 'jane@initech.test' }, acme.users[role].token),
        403,
        'forbidden',
      );
    }
  });
});
