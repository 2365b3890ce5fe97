import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingMailer } from '#domains/sequences/ports';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createClient, createContact } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, expectCall, expectValidation, runAt, sequenceCounts } from './helpers';

// Issue 12 item 13: a step's `templateId` is "a template's id or key" (the spec's example names `tpl_ai_exec`).
let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
const T0 = '2027-01-04T10:00:00.000Z';

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  await createMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id);
});
afterAll(async () => t?.close());

const db = () => t.db.ownerKnex;
const admin = () => acme.users.admin.token;

async function template(
  tenant: TestTenant,
  key: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  const body = {
    name: `Template ${key}`,
    key,
    subject: `Subject ${key} for {{contact.firstName}}`,
    body: { contentType: 'html', content: `<p>Body ${key}, {{contact.firstName}}</p>` },
    ...extra,
  };
  return (await expectCall(t, 'template.create', body, tenant.users.admin.token)).data;
}

const stepsNaming = (templateId: string) => [{ type: 'email', mode: 'auto', templateId }, { type: 'stop' }];
const sequence = (templateId: string, extra: Record<string, unknown> = {}) => ({
  name: `Keys ${Math.random()}`,
  goal: 'reply',
  steps: stepsNaming(templateId),
  sendWindow: always(),
  cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
  ...extra,
});

describe('sequence email steps naming a template by key', () => {
  it('accepts a key on create and update, keeps it as written, and the runner sends that template', async () => {
    const exec = await template(acme, 'tpl_ai_exec');
    const { data: seq } = await expectCall(t, 'sequence.create', sequence('tpl_ai_exec'), admin());
    expect(seq.steps[0]).toMatchObject({ templateId: 'tpl_ai_exec' });
    const nudge = await template(acme, 'tpl_key_nudge');
    const { data: updated } = await expectCall(
      t,
      'sequence.update',
      {
        id: seq.id,
        steps: [
          { type: 'email', mode: 'auto', templateId: 'tpl_ai_exec', wait: 'PT1H' },
          { type: 'email', mode: 'auto', templateId: nudge.key },
        ],
      },
      admin(),
    );
    expect(updated.definitionVersion).toBe(2);

    const contact = await createContact(db(), acme.id, { firstName: 'Grace', email: 'grace@hopper.example' });
    await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq.id, targets: [{ contactId: contact.id }], ownerId: acme.users.salesRep.id, startAt: T0 },
      admin(),
    );
    const mailer = createRecordingMailer();
    expect(await runAt(db(), acme.id, T0, { mailer })).toMatchObject({ sent: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(mailer.committed[0]).toMatchObject({ subject: 'Subject tpl_ai_exec for Grace' });
    expect(mailer.committed[0]!.bodyHtml).toContain('<p>Body tpl_ai_exec, Grace</p>');
    for (let i = 0; i < 2; i++) await runAt(db(), acme.id, '2027-01-04T11:00:00.000Z', { mailer }); // the wait ends, then the next email
    await new Promise((r) => setTimeout(r, 10));
    expect(mailer.committed.map((m) => m.subject)).toEqual([
      'Subject tpl_ai_exec for Grace',
      'Subject tpl_key_nudge for Grace',
    ]);
    expect(exec.id).not.toBe(nudge.id);
  });

  it("answers 400 at the step's path for another tenant's key, writing nothing (create, update, simulate)", async () => {
    await template(other, 'tpl_only_other');
    const before = await sequenceCounts(db(), acme.id);
    expectValidation(await t.call('sequence.create', sequence('tpl_only_other'), admin()), 'steps.0.templateId');
    expect(await sequenceCounts(db(), acme.id)).toEqual(before);
    await template(acme, 'tpl_acme_ok');
    const { data: seq } = await expectCall(t, 'sequence.create', sequence('tpl_acme_ok'), admin());
    const nested = [
      {
        type: 'email',
        mode: 'auto',
        templateId: 'tpl_acme_ok',
        branch: [{ when: 'replied', do: [{ type: 'email', mode: 'auto', templateId: 'tpl_only_other' }] }],
      },
    ];
    expectValidation(
      await t.call('sequence.update', { id: seq.id, steps: nested }, admin()),
      'steps.0.branch.0.do.0.templateId',
    );
    expect((await db()('sequences').where({ id: seq.id }).first()).definitionVersion).toBe(1);
    const contact = await createContact(db(), acme.id, { email: 'sim@example.test' });
    const draft = {
      steps: stepsNaming('tpl_only_other'),
      sendWindow: always(),
      cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
      guardrails: { unsubscribe: true, dailyCap: 5, respectOptOut: true },
    };
    expectValidation(
      await t.call('sequence.simulate', { draft, contactIds: [contact.id] }, admin()),
      'draft.steps.0.templateId',
    );
    await expectCall(
      t,
      'sequence.simulate',
      { draft: { ...draft, steps: stepsNaming('tpl_acme_ok') }, contactIds: [contact.id] },
      admin(),
    );
  });

  it("keeps a client's template to that client's sequences; agency-wide templates serve every sequence", async () => {
    const globex = await createClient(db(), acme.id, { name: 'Globex' });
    await template(acme, 'tpl_northwind_only', { clientId: acme.clientId });
    await template(acme, 'tpl_agency');
    expectValidation(
      await t.call('sequence.create', sequence('tpl_northwind_only', { clientId: globex.id }), admin()),
      'steps.0.templateId',
    );
    expectValidation(await t.call('sequence.create', sequence('tpl_northwind_only'), admin()), 'steps.0.templateId');
    await expectCall(t, 'sequence.create', sequence('tpl_northwind_only', { clientId: acme.clientId }), admin());
    await expectCall(t, 'sequence.create', sequence('tpl_agency', { clientId: globex.id }), admin());
  });

  it("fails a run whose saved step names another client's template instead of sending it", async () => {
    const globex = await createClient(db(), acme.id, { name: 'Globex runner' });
    await template(acme, 'tpl_globex_secret', { clientId: globex.id });
    await template(acme, 'tpl_plain');
    const { data: seq } = await expectCall(
      t,
      'sequence.create',
      sequence('tpl_plain', { clientId: acme.clientId }),
      admin(),
    );
    // A definition written before the rule (the API no longer accepts it): the runner applies the same rule.
    await db()('sequenceVersions')
      .where({ tenantId: acme.id, sequenceId: seq.id })
      .update({ steps: JSON.stringify(stepsNaming('tpl_globex_secret')) });
    const contact = await createContact(db(), acme.id, { email: 'nosend@example.test', clientId: acme.clientId });
    const { data } = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq.id, targets: [{ contactId: contact.id }], ownerId: acme.users.salesRep.id, startAt: T0 },
      admin(),
    );
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, T0, { mailer });
    expect(mailer.committed).toHaveLength(0);
    const id = data.results[0].enrollmentId;
    // A failing step is retried with backoff before the enrollment fails: the error names the template.
    const row = await db()('sequenceEnrollments').where({ id }).first();
    expect(row).toMatchObject({ status: 'active', attempts: 1, currentStep: 0 });
    expect(row.meta.lastError).toBe('unknown_template: no active template tpl_globex_secret');
  });
});
