import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import {
  auditOf,
  createTemplate,
  expectCall,
  expectValidation,
  sequenceBody,
  sequenceCounts,
  weekdays,
} from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let tpl: { id: string; name: string };
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  tpl = await createTemplate(t.db.ownerKnex, acme.id);
});
afterAll(async () => t?.close());

describe('sequence.create', () => {
  it('creates a sequence with its first definition version and an audit row', async () => {
    const { data } = await expectCall(
      t,
      'sequence.create',
      sequenceBody(tpl.id, { clientId: acme.clientId, exclusive: true }),
      acme.users.marketer.token,
    );
    expect(data).toMatchObject({
      name: 'Outbound Q4',
      goal: 'reply',
      definitionVersion: 1,
      version: 1,
      active: true,
      exclusive: true,
      clientId: acme.clientId,
      ownerId: acme.users.marketer.id,
      cooldowns: { perContact: 'PT24H', perSequence: 'PT12H' },
      guardrails: { unsubscribe: true, dailyCap: 200, respectOptOut: true },
      stopRules: { stageChanged: true, meetingBooked: true },
    });
    expect(data.steps[0]).toMatchObject({ type: 'email', mode: 'auto', templateId: tpl.id });
    const versions = await t.db.ownerKnex('sequenceVersions').where({ tenantId: acme.id, sequenceId: data.id });
    expect(versions).toHaveLength(1);
    expect(versions[0].steps).toEqual(data.steps);
    expect((await auditOf(t.db.ownerKnex, acme.id, 'sequence.create')).map((a) => a.targetId)).toContain(data.id);
  });

  it('accepts templates by name and the spec example step JSON', async () => {
    const named = await createTemplate(t.db.ownerKnex, acme.id, 'tpl_ai_exec');
    await createTemplate(t.db.ownerKnex, acme.id, 'tpl_nudge');
    const step = {
      type: 'email',
      mode: 'manual',
      templateId: named.name,
      wait: 'P2D',
      fallback: { type: 'task', taskType: 'call', dueIn: 'P1D' },
      branch: [
        { when: 'replied', do: [{ type: 'stop' }] },
        { when: 'no_open_48h', do: [{ type: 'email', mode: 'auto', templateId: 'tpl_nudge' }] },
      ],
    };
    const { data } = await expectCall(
      t,
      'sequence.create',
      sequenceBody(tpl.id, {
        steps: [
          step,
          { type: 'wait', duration: 'P3D' },
          { type: 'linkedin', action: 'connect' },
          { type: 'webhook', url: 'https://hooks.example.test/x' },
        ],
      }),
      acme.users.admin.token,
    );
    expect(data.steps[0]).toEqual(step);
  });

  it('answers 400 with the field path for bad steps, unknown templates and a window that never opens, writing nothing', async () => {
    const before = await sequenceCounts(t.db.ownerKnex, acme.id);
    const token = acme.users.admin.token;
    expectValidation(
      await t.call('sequence.create', sequenceBody(tpl.id, { steps: [{ type: 'wait', duration: '2 days' }] }), token),
      'steps.0.duration',
    );
    expectValidation(
      await t.call(
        'sequence.create',
        sequenceBody(tpl.id, { steps: [{ type: 'email', mode: 'sometimes', templateId: tpl.id }] }),
        token,
      ),
      'steps.0.mode',
    );
    expectValidation(
      await t.call(
        'sequence.create',
        sequenceBody(tpl.id, {
          steps: [
            {
              type: 'email',
              mode: 'auto',
              templateId: tpl.id,
              branch: [{ when: 'replied', do: [{ type: 'email', mode: 'auto', templateId: 'nope' }] }],
            },
          ],
        }),
        token,
      ),
      'steps.0.branch.0.do.0.templateId',
    );
    expectValidation(await t.call('sequence.create', sequenceBody('missing'), token), 'steps.0.templateId');
    expectValidation(
      await t.call('sequence.create', sequenceBody(tpl.id, { sendWindow: { ...weekdays('Mars/Olympus') } }), token),
      'sendWindow.timezone',
    );
    expectValidation(
      await t.call(
        'sequence.create',
        sequenceBody(tpl.id, {
          sendWindow: { ...weekdays(), businessHours: [{ day: 1, start: '10:00', end: '09:00' }] },
        }),
        token,
      ),
      'sendWindow.businessHours.0.end',
    );
    const allQuiet = {
      ...weekdays(),
      quietHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '00:00', end: '23:59' })),
    };
    expectValidation(
      await t.call('sequence.create', sequenceBody(tpl.id, { sendWindow: allQuiet }), token),
      'sendWindow.businessHours',
    );
    expectValidation(
      await t.call(
        'sequence.create',
        sequenceBody(tpl.id, { guardrails: { unsubscribe: true, dailyCap: 0, respectOptOut: true } }),
        token,
      ),
      'guardrails.dailyCap',
    );
    expect(await sequenceCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("answers 422 for another tenant's client and 403 to roles without sequence.manage", async () => {
    const res = await t.call(
      'sequence.create',
      sequenceBody(tpl.id, { clientId: other.clientId }),
      acme.users.admin.token,
    );
    expect(res.status).toBe(422);
    for (const role of ['salesRep', 'analyst', 'clientViewer'] as const) {
      expect((await t.call('sequence.create', sequenceBody(tpl.id), acme.users[role].token)).status, role).toBe(403);
    }
  });
});

describe('sequence.update', () => {
  it('makes a new definition version on a step change; live enrollments stay on theirs unless migrated', async () => {
    const { data: seq } = await expectCall(t, 'sequence.create', sequenceBody(tpl.id), acme.users.admin.token);
    const contact = await createContact(t.db.ownerKnex, acme.id);
    const { data: enrolled } = await expectCall(
      t,
      'sequence.enroll',
      { sequenceId: seq.id, targets: [{ contactId: contact.id }] },
      acme.users.admin.token,
    );
    const enrollmentId = enrolled.enrolled[0].id;
    const renamed = await expectCall(
      t,
      'sequence.update',
      { id: seq.id, name: 'Renamed', expectedVersion: 1 },
      acme.users.admin.token,
    );
    expect(renamed.data).toMatchObject({ name: 'Renamed', version: 2, definitionVersion: 1 });
    const steps = [{ type: 'email', mode: 'auto', templateId: tpl.id }, { type: 'stop' }];
    const edited = await expectCall(t, 'sequence.update', { id: seq.id, steps }, acme.users.admin.token);
    expect(edited.data).toMatchObject({ version: 3, definitionVersion: 2, steps });
    const enrollment = () => t.db.ownerKnex('sequenceEnrollments').where({ id: enrollmentId }).first();
    expect((await enrollment()).sequenceVersion).toBe(1);
    const v1 = await t.db.ownerKnex('sequenceVersions').where({ sequenceId: seq.id, version: 1 }).first();
    expect(v1.steps).toHaveLength(3);
    await expectCall(t, 'sequence.update', { id: seq.id, migrateEnrollments: true }, acme.users.admin.token);
    expect((await enrollment()).sequenceVersion).toBe(2);
  });

  it('answers 400 for bad steps, 409 for a stale version, 404 for another tenant and 403 without permission', async () => {
    const { data: seq } = await expectCall(t, 'sequence.create', sequenceBody(tpl.id), acme.users.admin.token);
    expectValidation(await t.call('sequence.update', { id: seq.id, steps: [] }, acme.users.admin.token), 'steps');
    expectValidation(
      await t.call(
        'sequence.update',
        { id: seq.id, steps: [{ type: 'email', mode: 'auto', templateId: 'zzz' }] },
        acme.users.admin.token,
      ),
      'steps.0.templateId',
    );
    expect(
      (await t.call('sequence.update', { id: seq.id, name: 'x', expectedVersion: 9 }, acme.users.admin.token)).status,
    ).toBe(409);
    expect((await t.call('sequence.update', { id: seq.id, name: 'x' }, other.users.admin.token)).status).toBe(404);
    expect((await t.call('sequence.update', { id: seq.id, name: 'x' }, acme.users.salesRep.token)).status).toBe(403);
    expect((await t.db.ownerKnex('sequences').where({ id: seq.id }).first()).version).toBe(1);
  });
});

describe('sequence.list / sequence.get / sequence.archive', () => {
  it('lists by name with keyset pages, gets one, archives and hides it from the default list', async () => {
    const tenant = await t.tenant();
    const tp = await createTemplate(t.db.ownerKnex, tenant.id);
    const token = tenant.users.admin.token;
    for (const name of ['Bravo', 'Alpha', 'Charlie'])
      await expectCall(t, 'sequence.create', sequenceBody(tp.id, { name }), token);
    const first = await expectCall(t, 'sequence.list', { limit: 2 }, token);
    expect(first.data.map((s: { name: string }) => s.name)).toEqual(['Alpha', 'Bravo']);
    const second = await expectCall(t, 'sequence.list', { limit: 2, cursor: first.nextCursor }, token);
    expect(second.data.map((s: { name: string }) => s.name)).toEqual(['Charlie']);
    const alpha = first.data[0];
    expect((await expectCall(t, 'sequence.get', { id: alpha.id }, tenant.users.salesRep.token)).data.name).toBe(
      'Alpha',
    );
    expect((await t.call('sequence.get', { id: alpha.id }, acme.users.admin.token)).status).toBe(404);
    expect((await t.call('sequence.archive', { id: alpha.id }, tenant.users.salesRep.token)).status).toBe(403);
    expect((await t.call('sequence.archive', { id: alpha.id }, acme.users.admin.token)).status).toBe(404);
    const archived = await expectCall(t, 'sequence.archive', { id: alpha.id }, token);
    expect(archived.data).toMatchObject({ active: false });
    expect(archived.data.archivedAt).not.toBeNull();
    const names = (await expectCall(t, 'sequence.list', {}, token)).data.map((s: { name: string }) => s.name);
    expect(names).toEqual(['Bravo', 'Charlie']);
    expect((await expectCall(t, 'sequence.list', { includeArchived: true, q: 'alp' }, token)).data).toHaveLength(1);
    expectValidation(await t.call('sequence.list', { limit: 0 }, token), 'limit');
  });
});
