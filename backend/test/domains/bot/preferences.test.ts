import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { auditOf, expectCall, expectValidation } from '../pipelines/helpers';
import { slaCounts } from '../sla/helpers';

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  [acme, globex] = [await t.tenant(), await t.tenant()];
  await t.db
    .ownerKnex('users')
    .where({ tenantId: acme.id, id: acme.users.salesRep.id })
    .update({ timeZone: 'Europe/Paris' });
});
afterAll(async () => t?.close());

const get = async (input: Record<string, unknown>, token: string) =>
  (await expectCall(t, 'bot.preferences.get', input, token)).data as Record<string, unknown>;
const update = async (input: Record<string, unknown>, token: string) =>
  (await expectCall(t, 'bot.preferences.update', input, token)).data as Record<string, unknown>;
const counts = () => slaCounts(t.db.ownerKnex, acme.id);
const defaults = { digest: 'daily', quietHours: null, slaReminders: true, nbaPrompts: true, installed: false };

describe('bot.preferences.get', () => {
  it('answers the defaults (version 1) for a user who never saved any, in their time zone, writing nothing', async () => {
    const before = await counts();
    const rep = acme.users.salesRep;
    expect(await get({}, rep.token)).toEqual({ userId: rep.id, ...defaults, timeZone: 'Europe/Paris', version: 1 });
    expect(await get({ userId: rep.id }, rep.token)).toMatchObject({ userId: rep.id, version: 1 });
    expect(await counts()).toEqual(before);
  });

  it("lets a holder of user.manage read another user's; a rep may not", async () => {
    const rep = acme.users.salesRep;
    expect(await get({ userId: rep.id }, acme.users.salesManager.token)).toMatchObject({ userId: rep.id });
    const res = await t.call('bot.preferences.get', { userId: acme.users.qa.id }, rep.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
  });

  it("answers 404 for another tenant's or an unknown user, and 400 for a bad id", async () => {
    for (const userId of [globex.users.salesRep.id, crypto.randomUUID()]) {
      const res = await t.call('bot.preferences.get', { userId }, acme.users.admin.token);
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    expectValidation(await t.call('bot.preferences.get', { userId: 'me' }, acme.users.admin.token), 'userId');
  });

  it('needs a user: an API key without userId is refused', async () => {
    const key = await expectCall(t, 'apiKey.create', { name: 'prefs', role: 'analyst' }, acme.users.admin.token);
    const res = await t.call('bot.preferences.get', {}, key.data.secret);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
  });
});

describe('bot.preferences.update', () => {
  it('saves over the defaults (version 2), keeps what is left out, clears quiet hours, audits before/after', async () => {
    const user = acme.users.marketer;
    const first = await update(
      { digest: 'weekly', quietHours: { start: '20:00', end: '07:30' }, nbaPrompts: false, expectedVersion: 1 },
      user.token,
    );
    expect(first).toEqual({
      userId: user.id,
      ...defaults,
      digest: 'weekly',
      quietHours: { start: '20:00', end: '07:30' },
      nbaPrompts: false,
      timeZone: 'UTC',
      version: 2,
    });
    expect(await get({}, user.token)).toEqual(first);
    const second = await update({ slaReminders: false, expectedVersion: 2 }, user.token);
    expect(second).toMatchObject({ digest: 'weekly', quietHours: { start: '20:00', end: '07:30' }, version: 3 });
    expect(second).toMatchObject({ slaReminders: false, nbaPrompts: false });
    const third = await update({ quietHours: null, digest: 'off' }, user.token);
    expect(third).toMatchObject({ quietHours: null, digest: 'off', version: 4 });
    expect(await t.db.ownerKnex('botPreferences').where({ tenantId: acme.id, userId: user.id })).toEqual([
      expect.objectContaining({ quietStart: null, quietEnd: null, digest: 'off', version: 4 }),
    ]);
    const audits = (await auditOf(t.db.ownerKnex, acme.id, 'bot.preferences.update')).filter(
      (a) => a.targetId === user.id,
    );
    expect(audits.map((a) => a.targetType)).toEqual(['bot_preferences', 'bot_preferences', 'bot_preferences']);
    expect(audits[0]).toMatchObject({ before: { ...defaults, version: 1 }, after: first });
    expect(audits[2]).toMatchObject({ before: second, after: third });
  });

  it('answers 409 version_conflict for a stale expectedVersion, writing nothing', async () => {
    const user = acme.users.qa;
    await update({ digest: 'both' }, user.token);
    const before = await counts();
    for (const expectedVersion of [1, 3]) {
      const res = await t.call('bot.preferences.update', { digest: 'off', expectedVersion }, user.token);
      expect([res.status, res.body.error.code, res.body.error.details]).toEqual([
        409,
        'version_conflict',
        { currentVersion: 2 },
      ]);
    }
    expect(await counts()).toEqual(before);
    expect(await get({}, user.token)).toMatchObject({ digest: 'both', version: 2 });
  });

  it('refuses bad input with the field named, writing nothing', async () => {
    const token = acme.users.analyst.token;
    const before = await counts();
    const bad = (input: Record<string, unknown>) => t.call('bot.preferences.update', input, token);
    expectValidation(await bad({ digest: 'hourly' }), 'digest');
    expectValidation(await bad({ quietHours: { start: '22:00', end: '22:00' } }), 'quietHours.end');
    expectValidation(await bad({ quietHours: { start: '25:00', end: '07:00' } }), 'quietHours.start');
    expectValidation(await bad({ quietHours: { start: '22:00' } }), 'quietHours.end');
    expectValidation(await bad({ slaReminders: 'no' }), 'slaReminders');
    expectValidation(await bad({ expectedVersion: 0 }), 'expectedVersion');
    expectValidation(await bad({ userId: 'someone' }), 'userId');
    expect(await counts()).toEqual(before);
  });

  it("lets a holder of user.manage change another user's; a rep may not", async () => {
    const rep = acme.users.salesRep;
    const res = await update({ userId: rep.id, digest: 'weekly' }, acme.users.salesManager.token);
    expect(res).toMatchObject({ userId: rep.id, digest: 'weekly', version: 2, timeZone: 'Europe/Paris' });
    expect(await get({}, rep.token)).toEqual(res);
    const before = await counts();
    const refused = await t.call('bot.preferences.update', { userId: acme.users.admin.id, digest: 'off' }, rep.token);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for another tenant's or an unknown user, writing nothing", async () => {
    const before = await counts();
    const theirs = await t.db.ownerKnex('botPreferences').where({ tenantId: globex.id });
    for (const userId of [globex.users.salesRep.id, crypto.randomUUID()]) {
      const res = await t.call('bot.preferences.update', { userId, digest: 'off' }, acme.users.admin.token);
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    expect(await counts()).toEqual(before);
    expect(await t.db.ownerKnex('botPreferences').where({ tenantId: globex.id })).toEqual(theirs);
  });
});
