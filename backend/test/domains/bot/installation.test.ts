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
});
afterAll(async () => t?.close());

/** A conversation reference as Teams sends it on install, for a user whose Entra object id is `aadObjectId`. */
const reference = (aadObjectId: string | undefined, conversationId = 'a:1personal') => ({
  serviceUrl: 'http://127.0.0.1:3978/teams/',
  channelId: 'msteams',
  conversation: { id: conversationId, tenantId: 'entra-tenant', conversationType: 'personal' },
  user: { id: '29:1user', name: 'A rep', ...(aadObjectId ? { aadObjectId } : {}) },
  bot: { id: '28:pivotal-bot', name: 'Pivotal' },
  locale: 'en-GB',
});
const conversationOf = (tenantId: string, userId: string) =>
  t.db.ownerKnex('botConversations').where({ tenantId, userId }).first();
const installed = async (token: string) =>
  (await expectCall(t, 'bot.preferences.get', {}, token)).data.installed as boolean;

describe('bot.installation.save', () => {
  it("stores the caller's personal chat; a reinstall replaces it; preferences then say installed", async () => {
    const rep = acme.users.salesRep;
    expect(await installed(rep.token)).toBe(false);
    const first = await expectCall(t, 'bot.installation.save', { reference: reference(rep.id) }, rep.token);
    expect(first).toEqual({ data: { installed: true } });
    expect(await conversationOf(acme.id, rep.id)).toMatchObject({
      aadObjectId: rep.id,
      conversationId: 'a:1personal',
      serviceUrl: 'http://127.0.0.1:3978/teams/',
      reference: reference(rep.id),
    });
    expect(await installed(rep.token)).toBe(true);
    await expectCall(t, 'bot.installation.save', { reference: reference(rep.id, 'a:2again') }, rep.token);
    const rows = await t.db.ownerKnex('botConversations').where({ tenantId: acme.id, userId: rep.id });
    expect(rows.map((r) => r.conversationId)).toEqual(['a:2again']);
    const audits = await auditOf(t.db.ownerKnex, acme.id, 'bot.installation.save');
    expect(audits.map((a) => [a.targetType, a.targetId, a.before, a.after])).toEqual([
      ['bot_conversation', rep.id, null, { conversationId: 'a:1personal', serviceUrl: 'http://127.0.0.1:3978/teams/' }],
      [
        'bot_conversation',
        rep.id,
        { conversationId: 'a:1personal' },
        { conversationId: 'a:2again', serviceUrl: 'http://127.0.0.1:3978/teams/' },
      ],
    ]);
  });

  it("refuses a reference without the user's Entra object id, or not from Teams, writing nothing", async () => {
    const user = acme.users.marketer;
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const save = (ref: unknown) => t.call('bot.installation.save', { reference: ref }, user.token);
    expectValidation(await save(reference(undefined)), 'reference.user.aadObjectId');
    expectValidation(await save({ ...reference(user.id), channelId: 'slack' }), 'reference.channelId');
    expectValidation(await save({ ...reference(user.id), serviceUrl: 'ftp://example.test/' }), 'reference.serviceUrl');
    expectValidation(await t.call('bot.installation.save', {}, user.token), 'reference');
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("stays in the caller's tenant", async () => {
    const theirs = globex.users.salesRep;
    await expectCall(t, 'bot.installation.save', { reference: reference(theirs.id) }, theirs.token);
    expect(await conversationOf(globex.id, theirs.id)).toBeDefined();
    const rows = await t.db.ownerKnex('botConversations').where({ userId: theirs.id }).select('tenantId');
    expect(rows).toEqual([{ tenantId: globex.id }]);
    expect(await installed(acme.users.analyst.token)).toBe(false);
  });

  it('needs a signed-in user: an API key acting as itself is refused', async () => {
    const key = await expectCall(t, 'apiKey.create', { name: 'bot', role: 'salesRep' }, acme.users.admin.token);
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const res = await t.call('bot.installation.save', { reference: reference(acme.users.admin.id) }, key.data.secret);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    const removed = await t.call('bot.installation.remove', {}, key.data.secret);
    expect([removed.status, removed.body.error.code]).toEqual([403, 'forbidden']);
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });
});

describe('bot.installation.remove', () => {
  it("forgets the caller's chat (only theirs), idempotently", async () => {
    const [qa, analyst] = [acme.users.qa, acme.users.analyst];
    await expectCall(t, 'bot.installation.save', { reference: reference(qa.id) }, qa.token);
    await expectCall(t, 'bot.installation.save', { reference: reference(analyst.id) }, analyst.token);
    expect(await expectCall(t, 'bot.installation.remove', {}, qa.token)).toEqual({ data: { installed: false } });
    expect(await installed(qa.token)).toBe(false);
    expect(await installed(analyst.token)).toBe(true);
    expect(await expectCall(t, 'bot.installation.remove', {}, qa.token)).toEqual({ data: { installed: false } });
    const audits = (await auditOf(t.db.ownerKnex, acme.id, 'bot.installation.remove')).filter(
      (a) => a.targetId === qa.id,
    );
    expect(audits.map((a) => [a.targetType, a.before, a.after])).toEqual([
      ['bot_conversation', { conversationId: 'a:1personal', serviceUrl: 'http://127.0.0.1:3978/teams/' }, null],
    ]);
  });

  it("never touches another tenant's installation", async () => {
    const theirs = globex.users.salesManager;
    await expectCall(t, 'bot.installation.save', { reference: reference(theirs.id) }, theirs.token);
    await expectCall(t, 'bot.installation.remove', {}, acme.users.salesManager.token);
    expect(await conversationOf(globex.id, theirs.id)).toBeDefined();
  });
});
