/** The set-up the mail sending tests share (send.test.ts, sendRetries.test.ts, sendGuards.test.ts). */
import { afterAll, beforeAll, expect } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { enqueueOutboundMail, type OutboundMail } from '#domains/mail/outbox';
import { SEND_KEY_HEADER } from '#domains/mail/send/sender';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import type { GraphMailAdapter } from '#integrations/graph/adapter/index';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { connectMailbox, type MailHarness, startMailHarness } from './mailHarness';

export const ANA = 'ana@customer.example';
export const BEN = 'ben@customer.example';

export let t: TestApp;
export let mail: MailHarness;
export let tenant: TestTenant;
export let other: TestTenant;
export let mailboxId: string;
export let anaId: string;
export let opportunityId: string;
export let templateId: string;
export const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
export const rep = () => tenant.users.salesRep;
export const deps = (adapter: GraphMailAdapter = mail.adapter) => ({ knex: t.db.ownerKnex, adapter });
export const outbox = (id: string) =>
  withTenant(t.db.ownerKnex, scope(), (trx) => trx('mailOutbox').where({ tenantId: tenant.id, id }).first());
export const outboxCount = async () =>
  Number(
    (
      (await withTenant(t.db.ownerKnex, scope(), (trx) =>
        trx('mailOutbox').where({ tenantId: tenant.id }).count('* as n').first(),
      )) as { n: string }
    ).n,
  );
/** Copies of a send key that reached Ana's emulated inbox. */
export const delivered = (address: string, key: string) =>
  mail.emulator.control
    .messages(address, 'inbox')
    .filter((m) => m.internetMessageHeaders.some((h) => h.name.toLowerCase() === SEND_KEY_HEADER && h.value === key));
let n = 0;
export const direct = (extra: Partial<OutboundMail> = {}): OutboundMail => ({
  tenantId: tenant.id,
  mailboxId,
  sendKey: `test:${++n}:${Date.now()}`,
  to: [{ address: ANA, name: 'Ana' }],
  subject: `Direct ${n}`,
  bodyHtml: `<p>Body ${n}</p>`,
  origin: 'sequence',
  contactIds: [anaId],
  ...extra,
});
export const enqueue = (mailInput: OutboundMail) =>
  withTenant(t.db.ownerKnex, scope(), (trx) => enqueueOutboundMail(trx, mailInput));

/** Registers the shared set-up: an app, the Graph emulator, a tenant with a connected mailbox, Ana, a deal, a template. */
export function useSendFixture(): void {
  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    setMailRuntime({ adapter: mail.adapter, notificationBaseUrl: null });
    [tenant, other] = await Promise.all([t.tenant(), t.tenant()]);
    for (const address of [rep().email, ANA, BEN]) mail.emulator.control.seedMailbox({ address, messages: 0 });
    mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, rep().id, rep().email, { backfillDays: 30 });
    const account = await createAccount(t.db.ownerKnex, tenant.id, {
      name: 'Customer Co',
      domain: 'customer.example',
      clientId: tenant.clientId,
    });
    anaId = (
      await createContact(t.db.ownerKnex, tenant.id, {
        accountId: account.id,
        clientId: tenant.clientId,
        email: ANA,
        firstName: 'Ana',
        lastName: 'Lima',
      })
    ).id;
    opportunityId = (
      await createOpportunity(t.db.ownerKnex, tenant.id, {
        accountId: account.id,
        clientId: tenant.clientId,
        name: 'Website rebuild',
      })
    ).id;
    const template = await t.call(
      'template.create',
      {
        name: 'Intro',
        subject: 'Hi {{contact.firstName}}',
        body: { contentType: 'html', content: '<p>About {{opportunity.name}}, {{contact.firstName|there}}.</p>' },
      },
      tenant.users.salesManager.token,
    );
    expect(template.status).toBe(200);
    templateId = template.body.data.id;
  }, 60_000);
  afterAll(async () => {
    setMailRuntime(null);
    await mail?.close();
    await t?.close();
  });
}
