import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { createTemplate, expectCall, expectValidation, sequenceBody, sequenceCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let tplId: string;
const db = () => t.db.ownerKnex;

// Acme's world: two accounts at northwind.example (one with an open proposal), one elsewhere.
let directors: string[];
let optedOut: string;
let suppressed: string;
let merged: string;
let elsewhere: string;
let proposalBuyer: string;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  tplId = (await createTemplate(db(), acme.id)).id;
  const northwind = await createAccount(db(), acme.id, { name: 'Northwind', domain: 'northwind.example' });
  const northwindLabs = await createAccount(db(), acme.id, {
    name: 'Northwind Labs',
    domain: 'northwind.example',
    customFields: { tier: 'Gold' },
  });
  const fabrikam = await createAccount(db(), acme.id, { name: 'Fabrikam', domain: 'fabrikam.example' });
  const mk = async (accountId: string, title: string, extra: Record<string, unknown> = {}) =>
    (
      await createContact(db(), acme.id, {
        accountId,
        title,
        email: `${Math.random().toString(36).slice(2, 9)}@northwind.example`,
        ...extra,
      })
    ).id;
  directors = [
    await mk(northwind.id, 'Marketing Director'),
    await mk(northwindLabs.id, 'Director of Sales'),
    await mk(northwind.id, 'Creative director'),
  ];
  await mk(northwind.id, 'Engineer'); // another client's contact: never in the audience
  optedOut = await mk(northwind.id, 'Director', { optedOut: true });
  suppressed = await mk(northwind.id, 'Director', { email: 'blocked@northwind-old.example' });
  const survivor = directors[0]!;
  merged = await mk(northwind.id, 'Director', { mergedIntoId: survivor });
  elsewhere = await mk(fabrikam.id, 'Director', { email: 'dir@fabrikam.example' });
  proposalBuyer = await mk(northwindLabs.id, 'Buyer');
  await createOpportunity(db(), acme.id, { accountId: northwindLabs.id, stage: 'proposal' });
  await createOpportunity(db(), acme.id, { accountId: fabrikam.id, stage: 'proposal', status: 'lost' });
  await db()('suppressions').insert({
    tenantId: acme.id,
    id: crypto.randomUUID(),
    kind: 'domain',
    value: 'northwind-old.example',
    reason: 'manual',
  });
  // Another tenant's director at the same domain never shows.
  await createContact(db(), other.id, { title: 'Director', email: 'dir@northwind.example' });
}, 60_000);
afterAll(async () => t?.close());

const northwindDirectors = {
  match: 'all',
  conditions: [
    { field: 'account.domain', op: 'eq', value: 'Northwind.example' },
    { field: 'contact.title', op: 'contains', value: 'director' },
  ],
};
const admin = () => acme.users.admin.token;

describe('sequence audiences (json_query)', () => {
  it('saves a typed audience and previews who it selects: case-insensitive text, merged contacts never, other tenants never', async () => {
    const seq = await expectCall(t, 'sequence.create', sequenceBody(tplId, { audience: northwindDirectors }), admin());
    expect(seq.data.audience).toEqual(northwindDirectors);
    const page1 = await expectCall(
      t,
      'sequence.audience.preview',
      { sequenceId: seq.data.id, limit: 2 },
      acme.users.salesRep.token,
    );
    const page2 = await expectCall(
      t,
      'sequence.audience.preview',
      { sequenceId: seq.data.id, limit: 50, cursor: page1.nextCursor },
      acme.users.salesRep.token,
    );
    const ids = [...page1.data, ...page2.data].map((m: { contactId: string }) => m.contactId);
    // By contact id; opted-out and suppressed contacts match the audience (enrollment skips them), merged ones do not.
    expect(ids).toEqual([...directors, optedOut, suppressed].sort());
    expect(ids).not.toContain(merged);
    const first =
      page1.data.find((m: { contactId: string }) => m.contactId === directors[0]) ??
      page2.data.find((m: { contactId: string }) => m.contactId === directors[0]);
    expect(first).toMatchObject({
      accountName: 'Northwind',
      optedOut: false,
      email: expect.stringContaining('@northwind.example'),
    });

    // An audience being edited, before it is saved: any of the conditions, an opportunity condition, a custom field.
    const any = {
      match: 'any',
      conditions: [
        { field: 'opportunity.stage', op: 'eq', value: 'proposal' },
        { field: 'contact.email', op: 'endsWith', value: '@fabrikam.example' },
      ],
    };
    const anyIds = (await expectCall(t, 'sequence.audience.preview', { audience: any }, admin())).data.map(
      (m: { contactId: string }) => m.contactId,
    );
    // Northwind Labs has an open proposal (Fabrikam's is lost, but its contact matches by address).
    expect(anyIds).toEqual([directors[1], proposalBuyer, elsewhere].sort());
    const gold = {
      match: 'all',
      conditions: [
        { field: 'account.customFields.tier', op: 'in', value: ['gold', 'platinum'] },
        { field: 'contact.title', op: 'notIn', value: ['buyer'] },
      ],
    };
    expect(
      (await expectCall(t, 'sequence.audience.preview', { audience: gold }, admin())).data.map(
        (m: { contactId: string }) => m.contactId,
      ),
    ).toEqual([directors[1]]);
    const noTitle = {
      conditions: [
        { field: 'contact.title', op: 'notExists' },
        { field: 'account.domain', op: 'eq', value: 'northwind.example' },
      ],
    };
    expect((await expectCall(t, 'sequence.audience.preview', { audience: noTitle }, admin())).data).toEqual([]);
  });

  it('enrolls the audience in batches, never the same contact twice, skipping those who cannot be mailed; simulate runs on it', async () => {
    const seq = (await expectCall(t, 'sequence.create', sequenceBody(tplId, { audience: northwindDirectors }), admin()))
      .data.id;
    const sim = await expectCall(
      t,
      'sequence.simulate',
      { sequenceId: seq, fromAudience: true, startAt: '2027-03-01T10:00:00Z' },
      admin(),
    );
    expect([...new Set(sim.data.schedule.map((s: { contactId: string }) => s.contactId))].sort()).toEqual(
      [...directors].sort(),
    );
    expect(sim.data.excluded).toEqual(
      expect.arrayContaining([
        { contactId: optedOut, reason: 'opted_out' },
        { contactId: suppressed, reason: 'suppressed' },
      ]),
    );

    // Ids made within one millisecond are not ordered by creation: the audience's order is the ids' order.
    const byId = [...directors].sort();
    const first = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq, fromAudience: { limit: 2 } },
      acme.users.salesRep.token,
    );
    expect(first.data.enrolled.map((e: { contactId: string }) => e.contactId)).toEqual(byId.slice(0, 2));
    const second = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq, fromAudience: { limit: 2 } },
      acme.users.salesRep.token,
    );
    expect(second.data.enrolled.map((e: { contactId: string }) => e.contactId)).toEqual([byId[2]]);
    expect(second.data.skipped).toEqual([]);
    const done = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq, fromAudience: {} },
      acme.users.salesRep.token,
    );
    expect(done.data).toEqual({ results: [], enrolled: [], skipped: [] });
  });

  it("keeps a client's sequence to that client's contacts", async () => {
    const client = (await expectCall(t, 'client.create', { name: 'Client Z' }, admin())).data.id;
    const account = await createAccount(db(), acme.id, {
      name: 'Z Corp',
      domain: 'northwind.example',
      clientId: client,
    });
    const inClient = (
      await createContact(db(), acme.id, {
        accountId: account.id,
        clientId: client,
        title: 'Director',
        email: 'z@northwind.example',
      })
    ).id;
    const seq = (
      await expectCall(
        t,
        'sequence.create',
        sequenceBody(tplId, { audience: northwindDirectors, clientId: client }),
        admin(),
      )
    ).data.id;
    const members = (await expectCall(t, 'sequence.audience.preview', { sequenceId: seq }, admin())).data.map(
      (m: { contactId: string }) => m.contactId,
    );
    expect(members).toEqual([inClient]);
  });

  it('answers 400 naming the condition, 404 for another tenant, 403 without permission, writing nothing', async () => {
    const seq = (await expectCall(t, 'sequence.create', sequenceBody(tplId, { audience: northwindDirectors }), admin()))
      .data.id;
    const plain = (await expectCall(t, 'sequence.create', sequenceBody(tplId), admin())).data.id;
    const before = await sequenceCounts(db(), acme.id);
    const bad = (condition: unknown) => sequenceBody(tplId, { audience: { conditions: [condition] } });
    expectValidation(
      await t.call('sequence.create', bad({ field: 'contact.password', op: 'eq', value: 'x' }), admin()),
      'audience.conditions.0.field',
    );
    expectValidation(
      await t.call('sequence.create', bad({ field: 'contact.clientId', op: 'contains', value: 'x' }), admin()),
      'audience.conditions.0.op',
    );
    expectValidation(
      await t.call('sequence.create', bad({ field: 'contact.title', op: 'eq' }), admin()),
      'audience.conditions.0.value',
    );
    expectValidation(
      await t.call(
        'sequence.create',
        bad({ field: 'account.ownerId', op: 'in', value: [acme.users.admin.id, 'nope'] }),
        admin(),
      ),
      'audience.conditions.0.value.1',
    );
    expectValidation(
      await t.call('sequence.create', bad({ field: 'contact.title', op: 'exists', value: 'x' }), admin()),
      'audience.conditions.0.value',
    );
    expectValidation(
      await t.call('sequence.update', { id: seq, audience: { match: 'most', conditions: [] } }, admin()),
      'audience.match',
    );
    expectValidation(await t.call('sequence.enroll', { sequenceId: seq }, admin()), 'targets');
    expectValidation(
      await t.call(
        'sequence.enroll',
        { sequenceId: seq, targets: [{ contactId: directors[0] }], fromAudience: {} },
        admin(),
      ),
      'targets',
    );
    // A sequence without a saved audience cannot enroll from it.
    expectValidation(
      await t.call('sequence.enroll', { sequenceId: plain, fromAudience: {} }, admin()),
      'fromAudience.conditions',
    );
    expectValidation(
      await t.call(
        'sequence.simulate',
        {
          draft: {
            steps: [{ type: 'stop' }],
            sendWindow: { timezone: 'UTC', businessHours: [], quietHours: [] },
            cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
            guardrails: { unsubscribe: true, dailyCap: 10, respectOptOut: true },
          },
          fromAudience: true,
        },
        admin(),
      ),
      'fromAudience',
    );
    expectValidation(await t.call('sequence.audience.preview', {}, admin()), 'audience');
    expect((await t.call('sequence.audience.preview', { sequenceId: seq }, other.users.admin.token)).status).toBe(404);
    expect(
      (await t.call('sequence.enroll', { sequenceId: seq, fromAudience: {} }, other.users.admin.token)).status,
    ).toBe(404);
    expect((await t.call('sequence.audience.preview', { sequenceId: seq }, acme.users.clientViewer.token)).status).toBe(
      403,
    );
    expect(
      (await t.call('sequence.enroll', { sequenceId: seq, fromAudience: {} }, acme.users.analyst.token)).status,
    ).toBe(403);
    expect(await sequenceCounts(db(), acme.id)).toEqual(before);
  });
});
