import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { expectError, expectInvalid } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

const rep = () => acme.users.salesRep.token;
const create = async (tenant: TestTenant, body: Record<string, unknown>) => {
  const res = await t.call('template.create', body, tenant.users.admin.token);
  expect(res.status).toBe(200);
  return res.body.data as { id: string };
};

describe('template.render', () => {
  it('fills the merge tags for the first recipient who is a contact, the opportunity and the sender, escaped', async () => {
    const db = t.db.ownerKnex;
    const account = await createAccount(db, acme.id, { name: 'Initech <Labs>', domain: 'initech.test' });
    const jane = await createContact(db, acme.id, {
      accountId: account.id,
      email: 'jane@initech.test',
      firstName: 'Jane',
    });
    const deal = await createOpportunity(db, acme.id, { accountId: account.id, name: 'Renewal 2027' });
    const template = await create(acme, {
      name: 'Check-in',
      subject: 'About {{opportunity.name}}, {{contact.firstName|there}}',
      body: {
        contentType: 'html',
        content: '<p>Hi {{contact.firstName|there}} at {{account.name}}, {{sender.email}}</p>',
      },
    });
    const res = await t.call(
      'template.render',
      { templateId: template.id, to: ['stranger@elsewhere.test', jane.email], opportunityId: deal.id },
      rep(),
    );
    expect(res.body.data).toEqual({
      subject: 'About Renewal 2027, Jane',
      bodyHtml: `<p>Hi Jane at Initech &lt;Labs&gt;, ${acme.users.salesRep.email}</p>`,
      contactId: jane.id,
    });
    // Nobody known: the fallbacks.
    const anonymous = await t.call('template.render', { templateId: template.id, to: ['x@y.test'] }, rep());
    expect(anonymous.body.data).toMatchObject({ subject: 'About , there', contactId: null });
  });

  it("answers 404 for another tenant's template and 422 for an archived one or an unknown opportunity", async () => {
    const foreign = await create(other, { name: 'Theirs', subject: 'Hi', body: { contentType: 'text', content: 'x' } });
    expectError(await t.call('template.render', { templateId: foreign.id }, rep()), 404, 'not_found');
    const old = await create(acme, { name: 'Old', subject: 'Hi', body: { contentType: 'text', content: 'x' } });
    expect((await t.call('template.archive', { id: old.id }, acme.users.admin.token)).status).toBe(200);
    expectError(await t.call('template.render', { templateId: old.id }, rep()), 422, 'reference_invalid');
    const current = await create(acme, { name: 'Current', subject: 'Hi', body: { contentType: 'text', content: 'x' } });
    const unknown = '0192e3a4-86f1-71af-91ab-2d7cd011db47';
    expectError(
      await t.call('template.render', { templateId: current.id, opportunityId: unknown }, rep()),
      422,
      'reference_invalid',
    );
  });

  it('answers 400 naming the field, and 403 to roles that cannot send mail', async () => {
    expectInvalid(await t.call('template.render', { templateId: 'nope' }, rep()), 'templateId');
    expectInvalid(
      await t.call('template.render', { templateId: '0192e3a4-86f1-71af-91ab-2d7cd011db47', to: ['bad'] }, rep()),
      'to.0',
    );
    for (const role of ['clientViewer', 'analyst', 'marketer'] as const) {
      expectError(
        await t.call('template.render', { templateId: '0192e3a4-86f1-71af-91ab-2d7cd011db47' }, acme.users[role].token),
        403,
        'forbidden',
      );
    }
  });
});
