import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { unsubscribeSecret } from '#domains/mail/linkSecret';
import { signUnsubscribe } from '#domains/sequences/unsubscribeLink';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact, createOpportunity } from '../../helpers/factories';
import { createTemplate, eventsOf, expectCall, expectValidation, sequenceBody, sequenceCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let seqId: string;
let tplId: string;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  tplId = (await createTemplate(t.db.ownerKnex, acme.id)).id;
  seqId = (await expectCall(t, 'sequence.create', sequenceBody(tplId), acme.users.admin.token)).data.id;
});
afterAll(async () => t?.close());

const db = () => t.db.ownerKnex;

describe('sequence.enroll', () => {
  it('enrolls contacts and opportunities with one result per target and skips with reasons', async () => {
    const ok = await createContact(db(), acme.id);
    const viaOpp = await createContact(db(), acme.id);
    const opp = await createOpportunity(db(), acme.id, { primaryContactId: viaOpp.id });
    const optedOut = await createContact(db(), acme.id, { optedOut: true });
    const suppressed = await createContact(db(), acme.id, { email: 'blocked@banned.example' });
    await expectCall(t, 'suppression.add', { kind: 'domain', value: 'banned.example' }, acme.users.admin.token);
    const noEmail = await createContact(db(), acme.id, { email: null });
    const foreign = await createContact(db(), other.id);
    const targets = [
      { contactId: ok.id },
      { opportunityId: opp.id },
      { contactId: optedOut.id },
      { contactId: suppressed.id },
      { contactId: noEmail.id },
      { contactId: foreign.id },
      { contactId: ok.id },
    ];
    const { data } = await expectCall(t, 'sequence.enroll', { sequenceId: seqId, targets }, acme.users.salesRep.token);
    expect(data.results.map((r: { status: string; reason: string | null }) => r.reason ?? r.status)).toEqual([
      'enrolled',
      'enrolled',
      'opted_out',
      'suppressed',
      'no_email',
      'not_found',
      'already_enrolled',
    ]);
    expect(data.enrolled[1]).toMatchObject({
      contactId: viaOpp.id,
      opportunityId: opp.id,
      status: 'active',
      currentStep: 0,
      sequenceVersion: 1,
      ownerId: acme.users.salesRep.id,
    });
    expect(data.skipped).toHaveLength(5);
    const events = (await eventsOf(db(), acme.id, 'sequence.enrolled')).map((e) => e.payload.contactId);
    expect(events).toEqual(expect.arrayContaining([ok.id, viaOpp.id]));
    const again = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seqId, targets: [{ contactId: ok.id }] },
      acme.users.salesRep.token,
    );
    expect(again.data.results[0]).toMatchObject({ status: 'skipped', reason: 'already_enrolled' });
  });

  it('keeps exclusive sequences exclusive across sequences', async () => {
    const exclusive = (
      await expectCall(
        t,
        'sequence.create',
        sequenceBody(tplId, { name: 'Exclusive', exclusive: true }),
        acme.users.admin.token,
      )
    ).data.id;
    const c = await createContact(db(), acme.id);
    await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seqId, targets: [{ contactId: c.id }] },
      acme.users.admin.token,
    );
    const res = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: exclusive, targets: [{ contactId: c.id }] },
      acme.users.admin.token,
    );
    expect(res.data.results[0]).toMatchObject({ status: 'skipped', reason: 'enrolled_elsewhere' });
  });

  it('answers 400 naming the field, 404 for another tenant, 403 without permission, writing nothing', async () => {
    const before = await sequenceCounts(db(), acme.id);
    expectValidation(
      await t.call('sequence.enroll', { sequenceId: seqId, targets: [] }, acme.users.admin.token),
      'targets',
    );
    expectValidation(
      await t.call('sequence.enroll', { sequenceId: seqId, targets: [{}] }, acme.users.admin.token),
      'targets.0',
    );
    expect(
      (
        await t.call(
          'sequence.enroll',
          { sequenceId: seqId, targets: [{ contactId: (await createContact(db(), other.id)).id }] },
          other.users.admin.token,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await t.call(
          'sequence.enroll',
          { sequenceId: seqId, targets: [{ contactId: seqId }] },
          acme.users.analyst.token,
        )
      ).status,
    ).toBe(403);
    expect(await sequenceCounts(db(), acme.id)).toEqual(before);
  });
});

describe('sequence.pause / sequence.resume / sequence.unsubscribe', () => {
  it('pauses and resumes an enrollment, refusing to resume a suppressed contact', async () => {
    const c = await createContact(db(), acme.id);
    const { data } = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seqId, targets: [{ contactId: c.id }] },
      acme.users.admin.token,
    );
    const id = data.enrolled[0].id;
    expect((await t.call('sequence.pause', { enrollmentId: id }, other.users.admin.token)).status).toBe(404);
    expect((await t.call('sequence.pause', { enrollmentId: id }, acme.users.analyst.token)).status).toBe(403);
    expectValidation(await t.call('sequence.pause', { enrollmentId: 'nope' }, acme.users.admin.token), 'enrollmentId');
    const paused = await expectCall(
      t,
      'sequence.pause',
      { enrollmentId: id, expectedVersion: 1 },
      acme.users.admin.token,
    );
    expect(paused.data).toMatchObject({ status: 'paused', stopReason: 'manual', version: 2 });
    expect((await eventsOf(db(), acme.id, 'sequence.paused')).at(-1)?.payload).toMatchObject({
      enrollmentId: id,
      reason: 'manual',
    });
    expect((await t.call('sequence.pause', { enrollmentId: id }, acme.users.admin.token)).status).toBe(409);
    const resumed = await expectCall(t, 'sequence.resume', { enrollmentId: id }, acme.users.admin.token);
    expect(resumed.data).toMatchObject({ status: 'active', stopReason: null });
    await expectCall(t, 'sequence.pause', { enrollmentId: id }, acme.users.admin.token);
    await expectCall(t, 'suppression.add', { kind: 'email', value: c.email }, acme.users.admin.token);
    const refused = await t.call('sequence.resume', { enrollmentId: id }, acme.users.admin.token);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('recipient_suppressed');
  });

  it('unsubscribes from one sequence, or from all (opted out, suppressed, every enrollment stopped)', async () => {
    const second = (
      await expectCall(t, 'sequence.create', sequenceBody(tplId, { name: 'Second' }), acme.users.admin.token)
    ).data.id;
    const c = await createContact(db(), acme.id);
    for (const sequenceId of [seqId, second])
      await expectCall(t, 'sequence.enroll', { sequenceId, targets: [{ contactId: c.id }] }, acme.users.admin.token);
    const one = await expectCall(
      t,
      'sequence.unsubscribe',
      { contactId: c.id, sequenceId: second },
      acme.users.salesRep.token,
    );
    expect(one.data).toMatchObject({ contactId: c.id, optedOut: false });
    expect(one.data.stoppedEnrollmentIds).toHaveLength(1);
    const all = await expectCall(t, 'sequence.unsubscribe', { contactId: c.id }, acme.users.salesRep.token);
    expect(all.data).toMatchObject({ optedOut: true });
    expect(all.data.stoppedEnrollmentIds).toHaveLength(1);
    expect((await db()('contacts').where({ id: c.id }).first()).optedOut).toBe(true);
    expect(await db()('suppressions').where({ tenantId: acme.id, value: c.email }).first()).toMatchObject({
      reason: 'unsubscribed',
      contactId: c.id,
    });
    const live = await db()('sequenceEnrollments').where({ contactId: c.id }).whereIn('status', ['active', 'paused']);
    expect(live).toHaveLength(0);
    expect((await t.call('sequence.unsubscribe', { contactId: c.id }, other.users.admin.token)).status).toBe(404);
    expect((await t.call('sequence.unsubscribe', { contactId: c.id }, acme.users.analyst.token)).status).toBe(403);
    expectValidation(await t.call('sequence.unsubscribe', { contactId: 'x' }, acme.users.admin.token), 'contactId');
  });
});

describe('suppression.add / suppression.list / suppression.remove', () => {
  it('adds, refuses duplicates, lists by kind and removes', async () => {
    const tenant = await t.tenant();
    const token = tenant.users.marketer.token;
    const added = await expectCall(
      t,
      'suppression.add',
      { kind: 'email', value: 'Someone@Example.test', reason: 'legal' },
      token,
    );
    expect(added.data).toMatchObject({
      kind: 'email',
      value: 'someone@example.test',
      reason: 'legal',
      createdBy: tenant.users.marketer.id,
    });
    expect((await t.call('suppression.add', { kind: 'email', value: 'someone@example.test' }, token)).status).toBe(409);
    await expectCall(t, 'suppression.add', { kind: 'domain', value: 'spam.example' }, token);
    expectValidation(await t.call('suppression.add', { kind: 'email', value: 'not-an-email' }, token), 'value');
    expect(
      (await t.call('suppression.add', { kind: 'email', value: 'a@b.test' }, tenant.users.salesRep.token)).status,
    ).toBe(403);
    const listed = await expectCall(t, 'suppression.list', { kind: 'domain' }, token);
    expect(listed.data.map((s: { value: string }) => s.value)).toEqual(['spam.example']);
    const page = await expectCall(t, 'suppression.list', { limit: 1 }, token);
    expect(page.nextCursor).not.toBeNull();
    expect((await t.call('suppression.remove', { id: added.data.id }, acme.users.admin.token)).status).toBe(404);
    await expectCall(t, 'suppression.remove', { id: added.data.id }, token);
    expect((await expectCall(t, 'suppression.list', {}, token)).data).toHaveLength(1);
  });
});

describe('one-click unsubscribe route', () => {
  it('shows a form on GET, and on POST suppresses the contact, stops its enrollments and confirms', async () => {
    const c = await createContact(db(), acme.id);
    const { data } = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seqId, targets: [{ contactId: c.id }] },
      acme.users.admin.token,
    );
    const token = await withTenant(db(), { tenantId: acme.id, userId: null, clientIds: null }, async (trx) =>
      signUnsubscribe(await unsubscribeSecret(trx, acme.id), {
        tenantId: acme.id,
        contactId: c.id,
        enrollmentId: data.enrolled[0].id,
      }),
    );
    const get = await fetch(`${t.baseUrl}/u/${token}`);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('<form method="post">');
    expect((await db()('contacts').where({ id: c.id }).first()).optedOut).toBe(false);
    const forged = await fetch(`${t.baseUrl}/u/${token.slice(0, -2)}xx`, { method: 'POST' });
    expect(forged.status).toBe(404);
    const post = await fetch(`${t.baseUrl}/u/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('You are unsubscribed');
    expect((await db()('contacts').where({ id: c.id }).first()).optedOut).toBe(true);
    expect(await db()('suppressions').where({ tenantId: acme.id, value: c.email }).first()).toBeTruthy();
    expect(await db()('sequenceEnrollments').where({ id: data.enrolled[0].id }).first()).toMatchObject({
      status: 'completed',
      stopReason: 'unsubscribed',
    });
    expect((await eventsOf(db(), acme.id, 'sequence.completed')).at(-1)?.payload).toMatchObject({
      contactId: c.id,
      reason: 'unsubscribed',
    });
  });
});
