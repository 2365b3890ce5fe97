import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createEngagement, createOpportunity, createTask } from '../../helpers/factories';
import { audits, expectError, expectInvalid, ok, row } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

const db = () => t.db.ownerKnex;
const rep = () => acme.users.salesRep.token;
const merge = (survivorId: string, mergedId: string, token = rep()) =>
  t.call('contact.merge', { survivorId, mergedId }, token);

async function sequence(): Promise<string> {
  const id = uuidv7();
  await db()('sequences').insert({ tenantId: acme.id, id, name: `Seq ${id.slice(-4)}` });
  // Enrollments reference the version they run on.
  await db()('sequenceVersions').insert({
    tenantId: acme.id,
    sequenceId: id,
    version: 1,
    steps: JSON.stringify([]),
    sendWindow: JSON.stringify({}),
    cooldowns: JSON.stringify({}),
    guardrails: JSON.stringify({}),
  });
  return id;
}
async function enroll(sequenceId: string, contactId: string, status = 'active'): Promise<string> {
  const id = uuidv7();
  await db()('sequenceEnrollments').insert({
    tenantId: acme.id,
    id,
    sequenceId,
    contactId,
    status,
    ownerId: acme.users.salesRep.id,
  });
  return id;
}

describe('contact.merge', () => {
  it("moves the merged contact's references to the survivor, fills the survivor's gaps, and hides the merged one", async () => {
    const account = await createAccount(db(), acme.id);
    const survivor = await createContact(db(), acme.id, {
      accountId: account.id,
      firstName: 'Sam',
      phone: null,
      tags: ['a'],
    });
    const merged = await createContact(db(), acme.id, {
      accountId: account.id,
      firstName: 'Samuel',
      phone: '+33612345678',
      tags: ['b'],
      optedOut: true,
      optOutAt: new Date('2026-01-02T00:00:00Z'),
    });
    const chained = await createContact(db(), acme.id, { accountId: account.id, mergedIntoId: merged.id });
    const opp = await createOpportunity(db(), acme.id, { accountId: account.id, primaryContactId: merged.id });
    const engagement = await createEngagement(db(), acme.id, { accountId: account.id, contactId: merged.id });
    const task = await createTask(db(), acme.id, { contactId: merged.id });
    const [shared, solo] = [await sequence(), await sequence()];
    const keep = await enroll(shared, survivor.id);
    const duplicate = await enroll(shared, merged.id);
    const moved = await enroll(solo, merged.id, 'paused');

    const result = ok(await merge(survivor.id, merged.id));
    expect(result).toMatchObject({
      id: survivor.id,
      firstName: 'Sam',
      phone: '+33612345678',
      tags: ['a', 'b'],
      optedOut: true,
      optOutAt: '2026-01-02T00:00:00.000Z',
      version: 2,
    });

    expect((await row(t, 'opportunities', acme.id, opp.id)).primaryContactId).toBe(survivor.id);
    expect((await db()('engagements').where({ tenantId: acme.id, id: engagement.id }).first()).contactId).toBe(
      survivor.id,
    );
    expect((await row(t, 'tasks', acme.id, task.id)).contactId).toBe(survivor.id);
    expect(await row(t, 'sequenceEnrollments', acme.id, keep)).toMatchObject({
      contactId: survivor.id,
      status: 'active',
    });
    expect(await row(t, 'sequenceEnrollments', acme.id, duplicate)).toMatchObject({
      contactId: survivor.id,
      status: 'completed',
      meta: { endedBy: 'contact.merge' },
    });
    expect(await row(t, 'sequenceEnrollments', acme.id, moved)).toMatchObject({
      contactId: survivor.id,
      status: 'paused',
    });
    expect(await row(t, 'contacts', acme.id, merged.id)).toMatchObject({ mergedIntoId: survivor.id, version: 2 });
    expect((await row(t, 'contacts', acme.id, chained.id)).mergedIntoId).toBe(survivor.id);

    expectError(await t.call('contact.get', { id: merged.id }, rep()), 404, 'not_found');
    const listed = (await t.call('contact.list', { accountId: account.id }, rep())).body.data.map((c: any) => c.id);
    expect(listed).toEqual([survivor.id]);
    const [kept] = await audits(t, acme.id, 'contact.merge', survivor.id);
    expect(kept!.before).toMatchObject({ firstName: 'Sam', optedOut: false, version: 1 });
    expect(kept!.after).toMatchObject({ optedOut: true, version: 2 });
    const [gone] = await audits(t, acme.id, 'contact.merge', merged.id);
    expect(gone!.after).toMatchObject({
      moved: {
        opportunities: 1,
        engagements: 1,
        tasks: 1,
        sequenceEnrollments: 2,
        sequenceEnrollmentsCompleted: 1,
        contacts: 1,
      },
    });
    expectError(await merge(survivor.id, merged.id), 404, 'not_found');
  });

  it('refuses merging a contact into itself (400) and a bad id (400)', async () => {
    const c = await createContact(db(), acme.id);
    expectInvalid(await merge(c.id, c.id), 'mergedId');
    expectInvalid(await merge(c.id, 'nope'), 'mergedId');
    expect((await row(t, 'contacts', acme.id, c.id)).mergedIntoId).toBeNull();
  });

  it("answers 404 when either contact is another tenant's, changing nothing", async () => {
    const mine = await createContact(db(), acme.id);
    const foreign = await createContact(db(), other.id);
    expectError(await merge(mine.id, foreign.id), 404, 'not_found');
    expectError(await merge(foreign.id, mine.id), 404, 'not_found');
    expect(await row(t, 'contacts', other.id, foreign.id)).toMatchObject({ mergedIntoId: null, version: 1 });
    expect(await row(t, 'contacts', acme.id, mine.id)).toMatchObject({ mergedIntoId: null, version: 1 });
  });

  it('refuses contacts of different clients (409 invalid_state)', async () => {
    const internal = await createContact(db(), acme.id);
    const client = await createContact(db(), acme.id, { clientId: acme.clientId });
    expectError(await merge(internal.id, client.id), 409, 'invalid_state');
    expect((await row(t, 'contacts', acme.id, client.id)).mergedIntoId).toBeNull();
  });

  it('refuses roles without contact.write (403), and client roles never reach internal contacts', async () => {
    const [a, b] = [await createContact(db(), acme.id), await createContact(db(), acme.id)];
    expectError(await merge(a.id, b.id, acme.users.analyst.token), 403, 'forbidden');
    expectError(await merge(a.id, b.id, acme.users.clientViewer.token), 403, 'forbidden');
    expect((await row(t, 'contacts', acme.id, b.id)).mergedIntoId).toBeNull();
  });
});
