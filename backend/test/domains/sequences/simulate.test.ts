import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { createTemplate, expectCall, expectValidation, weekdays } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let seqId: string;
let tplId: string;
const db = () => t.db.ownerKnex;
const START = '2027-03-29T08:00:00.000Z'; // Monday, 09:00 in London (BST), 04:00 in New York (EDT)

const steps = (templateId: string) => [
  { type: 'email', mode: 'auto', templateId, wait: 'P1D' },
  { type: 'call' },
  { type: 'email', mode: 'auto', templateId },
];

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  tplId = (await createTemplate(db(), acme.id)).id;
  seqId = (
    await expectCall(
      t,
      'sequence.create',
      {
        name: 'Dry run',
        goal: 'reply',
        steps: steps(tplId),
        sendWindow: weekdays(),
        cooldowns: { perContact: 'PT24H', perSequence: 'PT12H' },
      },
      acme.users.admin.token,
    )
  ).data.id;
});
afterAll(async () => t?.close());

/**
 * Row counts of every table in the database (every schema but the system ones), plus the cap counters' contents.
 * The shared rate-limit counters are left out: every request, a dry run's included, counts against its caller.
 */
async function snapshot(knex: Knex): Promise<Record<string, unknown>> {
  const tables = (
    await knex.raw(`SELECT table_schema AS s, table_name AS n FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      AND table_name <> 'rate_limit_windows' ORDER BY 1, 2`)
  ).rows as { s: string; n: string }[];
  const out: Record<string, unknown> = {};
  for (const { s, n } of tables)
    out[`${s}.${n}`] = Number((await knex.raw(`SELECT count(*) AS c FROM "${s}"."${n}"`)).rows[0].c);
  out.capCounters = await knex('sequenceCapCounters').orderBy(['tenantId', 'scope', 'bucket']).select();
  out.enrollments = await knex('sequenceEnrollments').orderBy('id').select('id', 'version', 'nextRunAt', 'status');
  return out;
}

describe('sequence.simulate', () => {
  it("answers each contact's exact schedule under the guardrails, with who is left out, and writes nothing", async () => {
    const owner = acme.users.salesRep.id;
    const london = await createContact(db(), acme.id, { timeZone: 'Europe/London' });
    const ny = await createContact(db(), acme.id, { timeZone: 'America/New_York' });
    const optedOut = await createContact(db(), acme.id, { optedOut: true });
    const suppressed = await createContact(db(), acme.id, { email: 'no@blocked.example' });
    await expectCall(t, 'suppression.add', { kind: 'domain', value: 'blocked.example' }, acme.users.admin.token);
    const noEmail = await createContact(db(), acme.id, { email: null });
    const enrolled = await createContact(db(), acme.id);
    await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seqId, targets: [{ contactId: enrolled.id }] },
      acme.users.admin.token,
    );
    // Wednesday 31 March is a holiday; the owner is out Thursday morning; 30 sends already left the owner's mailbox at 08:00Z.
    await db()('tenantHolidays').insert({ tenantId: acme.id, day: '2027-03-31', name: 'Founders day' });
    await db()('userOutOfOffice').insert({
      tenantId: acme.id,
      id: uuidv7(),
      userId: owner,
      startsAt: '2027-04-01T00:00:00Z',
      endsAt: '2027-04-01T12:00:00Z',
    });
    await db()('sequenceCapCounters').insert({
      tenantId: acme.id,
      scope: `mailbox-minute:${owner}`,
      bucket: START,
      count: 30,
    });

    const before = await snapshot(db());
    expect(before).toHaveProperty(['public.events']);
    expect(before).toHaveProperty(['public.audit_log']);
    expect((before.capCounters as unknown[]).length).toBeGreaterThan(0);
    const body = {
      sequenceId: seqId,
      contactIds: [london.id, optedOut.id, ny.id, suppressed.id, noEmail.id, enrolled.id],
      startAt: START,
    };
    const { data } = await expectCall(t, 'sequence.simulate', body, acme.users.salesRep.token);
    expect(await snapshot(db())).toEqual(before);

    expect(data).toMatchObject({ sequenceId: seqId, version: 1, startAt: START, warnings: [] });
    expect(data.excluded).toEqual([
      { contactId: optedOut.id, reason: 'opted_out' },
      { contactId: suppressed.id, reason: 'suppressed' },
      { contactId: noEmail.id, reason: 'no_email' },
      { contactId: enrolled.id, reason: 'already_enrolled' },
    ]);
    const rows = data.schedule.map(
      (s: {
        contactId: string;
        stepKey: string;
        type: string;
        at: string;
        nominalAt: string;
        deferredBy: string[];
        delays: { guardrail: string; from: string; to: string }[];
      }) => ({
        who: s.contactId === london.id ? 'london' : 'ny',
        step: `${s.stepKey} ${s.type}`,
        at: s.at,
        nominalAt: s.nominalAt,
        delays: s.delays.map((d) => `${d.guardrail} ${d.from.slice(5, 16)} -> ${d.to.slice(5, 16)}`),
      }),
    );
    expect(rows).toEqual([
      // The mailbox's minute at 08:00Z is full (30 sent): the first email goes a minute later.
      {
        who: 'london',
        step: '0 email',
        at: '2027-03-29T08:01:00.000Z',
        nominalAt: START,
        delays: ['mailbox_pacing 03-29T08:00 -> 03-29T08:01'],
      },
      {
        who: 'london',
        step: '1 call',
        at: '2027-03-30T08:01:00.000Z',
        nominalAt: '2027-03-30T08:01:00.000Z',
        delays: [],
      },
      // 24h per-contact cooldown after the call, then the holiday, the night, and the owner's out-of-office.
      {
        who: 'london',
        step: '2 email',
        at: '2027-04-01T12:00:00.000Z',
        nominalAt: '2027-03-30T08:01:00.000Z',
        delays: [
          'cooldown 03-30T08:01 -> 03-31T08:01',
          'holiday 03-31T08:01 -> 03-31T23:00',
          'business_hours 03-31T23:00 -> 04-01T08:00',
          'out_of_office 04-01T08:00 -> 04-01T12:00',
        ],
      },
      // New York: business hours in the contact's own zone (09:00 EDT = 13:00Z), the holiday by its local date, the
      // owner's out-of-office (it is the owner's mailbox whoever the contact is).
      {
        who: 'ny',
        step: '0 email',
        at: '2027-03-29T13:00:00.000Z',
        nominalAt: START,
        delays: ['business_hours 03-29T08:00 -> 03-29T13:00'],
      },
      { who: 'ny', step: '1 call', at: '2027-03-30T13:00:00.000Z', nominalAt: '2027-03-30T13:00:00.000Z', delays: [] },
      {
        who: 'ny',
        step: '2 email',
        at: '2027-04-01T13:00:00.000Z',
        nominalAt: '2027-03-30T13:00:00.000Z',
        delays: [
          'cooldown 03-30T13:00 -> 03-31T13:00',
          'holiday 03-31T13:00 -> 04-01T04:00',
          'out_of_office 04-01T04:00 -> 04-01T12:00',
          'business_hours 04-01T12:00 -> 04-01T13:00',
        ],
      },
    ]);
    expect(data.schedule[2].deferredBy).toEqual(['cooldown', 'holiday', 'business_hours', 'out_of_office']);
  });

  it('runs the current version, or the one asked for, or a draft', async () => {
    const c = await createContact(db(), acme.id, { timeZone: 'Europe/London' });
    const seq = (
      await expectCall(
        t,
        'sequence.create',
        { name: 'Versions', goal: 'reply', steps: steps(tplId), sendWindow: weekdays() },
        acme.users.admin.token,
      )
    ).data;
    await expectCall(
      t,
      'sequence.update',
      { id: seq.id, steps: [{ type: 'email', mode: 'manual', templateId: tplId }] },
      acme.users.admin.token,
    );
    const current = (
      await expectCall(
        t,
        'sequence.simulate',
        { sequenceId: seq.id, contactIds: [c.id], startAt: START },
        acme.users.admin.token,
      )
    ).data;
    expect(current.version).toBe(2);
    expect(current.schedule.map((s: { type: string }) => s.type)).toEqual(['email']);
    expect(current.warnings).toEqual([expect.stringContaining('manual emails wait for approval')]);
    const first = (
      await expectCall(
        t,
        'sequence.simulate',
        { sequenceId: seq.id, version: 1, contactIds: [c.id], startAt: START },
        acme.users.admin.token,
      )
    ).data;
    expect(first.schedule.map((s: { type: string }) => s.type)).toEqual(['email', 'call', 'email']);
    const draft = (
      await expectCall(
        t,
        'sequence.simulate',
        {
          draft: {
            steps: [
              { type: 'wait', duration: 'PT1H' },
              { type: 'email', mode: 'auto', templateId: tplId },
            ],
            sendWindow: weekdays('America/New_York'),
            cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
            guardrails: { unsubscribe: true, dailyCap: 5, respectOptOut: true },
          },
          contactIds: [(await createContact(db(), acme.id)).id],
          startAt: START,
        },
        acme.users.marketer.token,
      )
    ).data;
    expect(draft).toMatchObject({ sequenceId: null, version: null });
    // No contact zone: the sequence's (New York); 09:00Z + 1h = 05:00 EDT, held to 09:00 EDT.
    expect(draft.schedule.map((s: { type: string; at: string }) => [s.type, s.at])).toEqual([
      ['wait', '2027-03-29T09:00:00.000Z'],
      ['email', '2027-03-29T13:00:00.000Z'],
    ]);
  });

  it("answers 400 naming the field, 404 for another tenant's sequence or contact, 403 without permission, writing nothing", async () => {
    const c = await createContact(db(), acme.id);
    const before = await snapshot(db());
    const admin = acme.users.admin.token;
    expectValidation(await t.call('sequence.simulate', { sequenceId: seqId, contactIds: [] }, admin), 'contactIds');
    expectValidation(await t.call('sequence.simulate', { contactIds: [c.id] }, admin), 'sequenceId');
    expectValidation(
      await t.call(
        'sequence.simulate',
        { sequenceId: seqId, contactIds: Array.from({ length: 1001 }, () => c.id) },
        admin,
      ),
      'contactIds',
    );
    expectValidation(
      await t.call('sequence.simulate', { sequenceId: seqId, contactIds: [c.id], startAt: 'tomorrow' }, admin),
      'startAt',
    );
    expectValidation(
      await t.call(
        'sequence.simulate',
        {
          draft: {
            steps: steps(tplId),
            sendWindow: weekdays(),
            cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
            guardrails: { unsubscribe: true, dailyCap: 5, respectOptOut: true },
          },
          version: 1,
          contactIds: [c.id],
        },
        admin,
      ),
      'version',
    );
    const draft = {
      steps: [{ type: 'email', mode: 'auto', templateId: 'no-such-template' }],
      sendWindow: weekdays(),
      cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
      guardrails: { unsubscribe: true, dailyCap: 5, respectOptOut: true },
    };
    expectValidation(
      await t.call('sequence.simulate', { draft, contactIds: [c.id] }, admin),
      'draft.steps.0.templateId',
    );
    expectValidation(
      await t.call(
        'sequence.simulate',
        {
          draft: {
            ...draft,
            steps: steps(tplId),
            sendWindow: {
              timezone: 'UTC',
              businessHours: [],
              quietHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '23:59' })),
            },
          },
          contactIds: [c.id],
        },
        admin,
      ),
      'draft.sendWindow.businessHours',
    );

    expect(
      (
        await t.call(
          'sequence.simulate',
          { sequenceId: seqId, contactIds: [(await createContact(db(), other.id)).id] },
          other.users.admin.token,
        )
      ).status,
    ).toBe(404);
    const foreignContact = await t.call(
      'sequence.simulate',
      { sequenceId: seqId, contactIds: [c.id, (await createContact(db(), other.id)).id] },
      admin,
    );
    expect(foreignContact.status).toBe(404);
    expect(foreignContact.body.error.code).toBe('not_found');
    expect(
      (await t.call('sequence.simulate', { sequenceId: seqId, version: 99, contactIds: [c.id] }, admin)).status,
    ).toBe(404);
    expect(
      (await t.call('sequence.simulate', { sequenceId: seqId, contactIds: [c.id] }, acme.users.clientViewer.token))
        .status,
    ).toBe(403);
    // Snapshots taken after the factories above; simulate itself wrote nothing.
    const after = await snapshot(db());
    expect({
      ...after,
      'public.contacts': before['public.contacts'],
      'public.accounts': before['public.accounts'],
    }).toEqual(before);
  });
});
