import AxeBuilder from '@axe-core/playwright';
import type { PivotalClient } from '@pivotal-pm/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailbox, createMessage } from '../../../backend/test/helpers/mailFactories';
import { startStack, type DemoUser, type Stack } from './stack';

/** An active sequence of one automatic email, sent at any hour. */
async function oneEmailSequence(admin: PivotalClient, name: string) {
  const template = await admin.template.create({
    name: `${name} email`,
    subject: 'Following up, {{contact.firstName}}',
    body: { contentType: 'html', content: '<p>Hi {{contact.firstName}}</p>' },
  });
  return admin.sequence.create({
    name,
    goal: 'reply',
    steps: [{ type: 'email', mode: 'auto', templateId: template.id }],
    sendWindow: { timezone: 'UTC', businessHours: [], quietHours: [] },
  });
}

/** The Outlook pane in Chromium at Outlook's narrow width, standalone, against a real backend with the demo seed. */
describe('Outlook pane (Chromium, real backend)', () => {
  let stack: Stack;
  let deal: { id: string; name: string };
  let message: { id: string };
  let contactId: string;
  const SUBJECT = 'Browser test: renewal terms';

  beforeAll(async () => {
    stack = await startStack();
    const db = stack.app.db.ownerKnex;
    const admin = await stack.sdk('admin');
    const rep = (await (await stack.sdk('rep')).me.get()).user!;
    // An open deal of the rep's whose primary contact writes to them.
    const open = await admin.opportunity.list({ status: 'open', ownerId: rep.id, limit: 200 }).toArray();
    const withContact =
      open.find((o) => o.primaryContactId !== null && o.clientId === null) ??
      open.find((o) => o.primaryContactId !== null)!;
    const contact = await admin.contact.get({ id: withContact.primaryContactId! });
    deal = { id: withContact.id, name: withContact.name };
    contactId = contact.id;
    const existing = (await db('mailbox_accounts')
      .where({ tenantId: rep.tenantId, userId: rep.id })
      .first('id', 'userId')) as { id: string; userId: string } | undefined;
    const box = existing ?? (await createMailbox(db, rep.tenantId, rep.id));
    message = await createMessage(db, rep.tenantId, box, {
      subject: SUBJECT,
      fromAddress: contact.email!,
      toAddresses: ['rep@acme.test'],
      internetMessageId: '<browser-test-1@client.example>',
      direction: 'in',
      receivedAt: new Date(Date.now() + 60_000),
    });
  });
  afterAll(async () => stack?.close());

  async function openPane(user: DemoUser, theme = 'light'): Promise<Page> {
    const context = await stack.browser.newContext({ viewport: { width: 320, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${stack.app.baseUrl}/app/outlook/?theme=${theme}`);
    await page.getByTestId(`signin-${user}`).click();
    return page;
  }

  it('opens a demo message, shows its deal, and logs the email twice as one engagement', async () => {
    const page = await openPane('rep');
    await page.getByRole('button', { name: new RegExp(SUBJECT) }).click();
    const card = page.locator(`[data-opportunity="${deal.id}"]`);
    await card.waitFor();
    await card.getByRole('button', { name: 'Log email' }).click();
    await card.getByRole('status').waitFor();
    await card.getByRole('button', { name: 'Log email' }).click();
    await page.waitForTimeout(300);
    const logged = await stack.app.db.ownerKnex('engagements').where({ messageId: message.id });
    expect(logged.map((e) => e.opportunityId)).toEqual([deal.id]);
    const timeline = await (await stack.sdk('rep')).timeline.get({ opportunityId: deal.id, limit: 50 });
    expect(timeline.data.filter((i) => i.title === SUBJECT)).toHaveLength(1);

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
    await page.context().close();
  });

  it('enrolls the sender in a sequence after previewing their schedule, and the enrollment is there', async () => {
    const rep = await stack.sdk('rep');
    const admin = await stack.sdk('admin');
    const target = await oneEmailSequence(admin, 'Browser test nurture');
    const page = await openPane('rep');
    await page.getByRole('button', { name: new RegExp(SUBJECT) }).click();
    const panel = page.getByLabel('Enroll in a sequence');
    await panel.getByRole('combobox', { name: 'Sequence' }).click();
    await page.getByRole('option', { name: target.name, exact: true }).click();
    await panel.getByRole('button', { name: 'Preview the schedule' }).click();
    await panel
      .locator(`[data-preview="${contactId}"]`)
      .getByText(/First step/)
      .waitFor();
    await panel.getByRole('button', { name: 'Enroll 1' }).click();
    await panel.getByRole('status').getByText('Enrolled 1.').waitFor();
    const context = await rep.mailContext.get({ from: (await rep.contact.get({ id: contactId })).email! });
    expect(context.enrollments.map((e) => e.enrollment.sequenceId)).toContain(target.id);
    await page.context().close();
  });

  it('offers to enroll the recipients of a reply once it is sent, and enrolls them in one click', async () => {
    const admin = await stack.sdk('admin');
    const target = await oneEmailSequence(admin, 'Browser test after-send nurture');
    // A person of her own (the other tests enroll the deal's contact) who writes to the rep.
    const db = stack.app.db.ownerKnex;
    const rep = (await (await stack.sdk('rep')).me.get()).user!;
    const known = await admin.contact.get({ id: contactId });
    const person = await admin.contact.create({
      accountId: known.accountId!,
      firstName: 'Avery',
      lastName: 'Aftersend',
      email: 'avery.aftersend@client.example',
    });
    const box = (await db('mailbox_accounts')
      .where({ tenantId: rep.tenantId, userId: rep.id })
      .first('id', 'userId')) as {
      id: string;
      userId: string;
    };
    const asked = 'Browser test: pricing question';
    await createMessage(db, rep.tenantId, box, {
      subject: asked,
      fromAddress: person.email!,
      toAddresses: ['rep@acme.test'],
      direction: 'in',
      receivedAt: new Date(Date.now() + 120_000),
    });
    const page = await openPane('rep');
    await page.getByRole('button', { name: new RegExp(asked) }).click();
    await page.getByRole('button', { name: 'Reply (demo compose)' }).click();
    const panel = page.getByLabel('Enroll in a sequence');
    await panel.getByText('After sending, enroll in a sequence').waitFor();
    await panel.getByRole('combobox', { name: 'Sequence' }).click();
    await page.getByRole('option', { name: target.name, exact: true }).click();
    await panel.getByRole('button', { name: 'Preview the schedule' }).click();
    await panel.getByRole('button', { name: 'Offer to enroll 1 after I send' }).click();
    await panel.getByText(/Once this email is in your Sent folder/).waitFor();
    // The demo's Send goes through the API's outbox, as Outlook's own Send would reach Graph.
    await page.getByRole('button', { name: /^Send \(demo/ }).click();
    await page.getByText(/reaches the Sent folder in a moment/).waitFor();
    expect(
      await db('mail_outbox')
        .where({ tenantId: rep.tenantId, subject: `Re: ${asked}` })
        .count({ n: '*' }),
    ).toEqual([{ n: 1 }]);
    // Until the sync has the sent copy, the offer waits and cannot enroll.
    await page.getByRole('button', { name: 'Back to the inbox' }).click();
    const offer = page.getByLabel(`After sending Re: ${asked}`);
    await offer.getByText(/Not in your Sent folder yet/).waitFor();
    expect(await offer.getByRole('button', { name: /^Enroll/ }).count()).toBe(0);
    // The sync indexes the sent copy (as the send worker does once Graph shows it).
    await createMessage(db, rep.tenantId, box, {
      subject: `Re: ${asked}`,
      fromAddress: 'rep@acme.test',
      toAddresses: [person.email!],
      folder: 'sent',
      direction: 'out',
      receivedAt: new Date(),
    });
    await page.reload();
    await page.getByRole('button', { name: /^Sign out/ }).waitFor();
    await page.getByLabel(`After sending Re: ${asked}`).getByRole('button', { name: 'Enroll 1' }).click();
    await page.getByText(`Enrolled 1 in ${target.name}.`).waitFor();
    const context = await (await stack.sdk('rep')).mailContext.get({ from: person.email! });
    expect(context.enrollments.map((e) => [e.enrollment.sequenceId, e.enrollment.contactId])).toEqual([
      [target.id, person.id],
    ]);
    await page.context().close();
  });

  it('inside Outlook (a scripted office.js): reads the open item and signs in with Office SSO', async () => {
    const token = await stack.app.token('acme', 'rep@acme.test');
    const contact = await (await stack.sdk('admin')).contact.get({ id: contactId });
    // What office.js gives the pane, scripted: a read item, the Office SSO token, no nested app authentication.
    const office = `window.Office = {
      AsyncResultStatus: { Succeeded: 'succeeded' }, EventType: { ItemChanged: 'olkItemSelectedChanged' },
      CoercionType: { Html: 'html' },
      onReady: () => Promise.resolve({ host: 'Outlook' }),
      auth: { getAccessToken: () => Promise.resolve(${JSON.stringify(token)}) },
      context: {
        requirements: { isSetSupported: () => false },
        roamingSettings: { get: () => undefined, set: () => undefined, saveAsync: (cb) => cb({ status: 'succeeded' }) },
        officeTheme: { bodyBackgroundColor: '#ffffff' },
        mailbox: {
          userProfile: { emailAddress: 'rep@acme.test' },
          addHandlerAsync: () => undefined,
          item: {
            subject: ${JSON.stringify(SUBJECT)},
            internetMessageId: '<browser-test-1@client.example>',
            from: { displayName: 'Client', emailAddress: ${JSON.stringify(contact.email)} },
            to: [{ displayName: 'Remy Rep', emailAddress: 'rep@acme.test' }],
            cc: [],
            dateTimeCreated: new Date(),
          },
        },
      },
    };`;
    const context = await stack.browser.newContext({ viewport: { width: 320, height: 900 } });
    await context.route('https://appsforoffice.microsoft.com/**', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: office }),
    );
    const page = await context.newPage();
    await page.goto(`${stack.app.baseUrl}/app/outlook/?host=outlook`);
    await page.locator(`[data-opportunity="${deal.id}"]`).waitFor();
    // No sign-in picker and no demo list inside Outlook.
    expect(await page.getByTestId('signin-rep').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Demo messages' }).count()).toBe(0);
    await context.close();
  });

  it('serves the ribbon icons the manifest names', async () => {
    for (const size of [16, 32, 80]) {
      const res = await fetch(`${stack.app.baseUrl}/app/outlook/icons/icon-${size}.png`);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png']);
    }
  });

  it('shows a client viewer no mail at all', async () => {
    const page = await openPane('viewer');
    await page.getByText(/Your role has no access to mail/).waitFor();
    expect(await page.getByRole('navigation', { name: 'Demo messages' }).count()).toBe(0);
    await page.context().close();
  });
});
