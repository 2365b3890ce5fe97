import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createEngagement } from '../../helpers/factories';
import { buildWorld, issuePaths, type World } from './world';

describe('engagement.list', () => {
  let t: TestApp;
  let w: World;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const db = t.db.ownerKnex;
    const acme = w.acme.id;
    const rep = w.acme.users.salesRep.id;
    const mk = async (name: string, values: Parameters<typeof createEngagement>[2]) => {
      ids[name] = (await createEngagement(db, acme, { actorId: rep, ...values })).id;
    };
    await mk('clientCall', {
      accountId: w.clientAccountId,
      opportunityId: w.clientOppId,
      clientId: w.acme.clientId,
      type: 'call_out',
      channel: 'phone',
      occurredAt: new Date('2026-02-03T10:00:00Z'),
    });
    await mk('clientNote', {
      accountId: w.clientAccountId,
      contactId: w.clientContactId,
      clientId: w.acme.clientId,
      occurredAt: new Date('2026-02-02T10:00:00Z'),
    });
    await mk('clientBot', {
      accountId: w.clientAccountId,
      clientId: w.acme.clientId,
      type: 'campaign_event',
      channel: 'email',
      isBot: true,
      occurredAt: new Date('2026-02-01T10:00:00Z'),
    });
    await mk('internalNote', {
      accountId: w.internalAccountId,
      opportunityId: w.internalOppId,
      actorId: w.acme.users.salesManager.id,
      occurredAt: new Date('2026-01-20T10:00:00Z'),
    });
    await mk('oldNote', { accountId: w.internalAccountId, occurredAt: new Date('2025-11-05T10:00:00Z') });
    await createEngagement(db, w.other.id, { accountId: w.otherAccountId, actorId: w.other.users.salesRep.id });
  });
  afterAll(async () => t?.close());

  const list = async (input: Record<string, unknown>, token = w.acme.users.salesRep.token) => {
    const res = await t.call('engagement.list', input, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { data: { id: string }[]; nextCursor: string | null };
  };

  it('lists newest first, without bots unless asked, and never another tenant', async () => {
    const page = await list({});
    expect(page.data.map((e) => e.id)).toEqual([ids.clientCall, ids.clientNote, ids.internalNote, ids.oldNote]);
    expect(page.nextCursor).toBeNull();
    const withBots = await list({ includeBots: true });
    expect(withBots.data.map((e) => e.id)).toContain(ids.clientBot);
  });

  it('filters by opportunity, account, contact, actor, types, channel and time', async () => {
    const by = async (input: Record<string, unknown>) => (await list(input)).data.map((e) => e.id);
    expect(await by({ opportunityId: w.clientOppId })).toEqual([ids.clientCall]);
    expect(await by({ accountId: w.internalAccountId })).toEqual([ids.internalNote, ids.oldNote]);
    expect(await by({ contactId: w.clientContactId })).toEqual([ids.clientNote]);
    expect(await by({ actorId: w.acme.users.salesManager.id })).toEqual([ids.internalNote]);
    expect(await by({ types: ['call_out', 'meeting'] })).toEqual([ids.clientCall]);
    expect(await by({ channel: 'phone' })).toEqual([ids.clientCall]);
    expect(await by({ from: '2026-01-01T00:00:00Z', to: '2026-02-03T10:00:00Z' })).toEqual([
      ids.clientNote,
      ids.internalNote,
    ]);
    // GET with query parameters, as the docs show.
    const res = await t.call('engagement.list', {}, w.acme.users.salesRep.token, {
      method: 'GET',
      query: 'types=note,call_out&channel=inapp',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { id: string }) => e.id)).toEqual([ids.clientNote, ids.internalNote, ids.oldNote]);
  });

  it('walks pages with the cursor', async () => {
    const first = await list({ limit: 3, includeBots: true });
    expect(first.data).toHaveLength(3);
    const second = await list({ limit: 3, includeBots: true, cursor: first.nextCursor });
    expect([...first.data, ...second.data].map((e) => e.id)).toEqual([
      ids.clientCall,
      ids.clientNote,
      ids.clientBot,
      ids.internalNote,
      ids.oldNote,
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows a client viewer only its client's engagements, never internal ones", async () => {
    const page = await list({ includeBots: true }, w.acme.users.clientViewer.token);
    expect(page.data.map((e) => e.id)).toEqual([ids.clientCall, ids.clientNote, ids.clientBot]);
    expect((await list({ accountId: w.internalAccountId }, w.acme.users.clientViewer.token)).data).toEqual([]);
  });

  it('answers 400 naming the field', async () => {
    const res = await t.call('engagement.list', { types: ['telegram'], limit: 500 }, w.acme.users.salesRep.token);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['types', 'limit']));
    const cursor = await t.call('engagement.list', { cursor: 'nope' }, w.acme.users.salesRep.token);
    expect(cursor.status).toBe(400);
    expect(issuePaths(cursor.body)).toEqual(['cursor']);
  });

  it("answers nothing for another tenant's opportunity or account", async () => {
    expect((await list({ opportunityId: w.otherOppId })).data).toEqual([]);
    expect((await list({ accountId: w.otherAccountId })).data).toEqual([]);
    expect((await list({}, w.other.users.salesRep.token)).data).toHaveLength(1);
  });

  it('answers 403 to a role whose engagement.read the tenant revoked', async () => {
    const admin = w.acme.users.admin.token;
    const revoke = await t.call('rbac.policy.update', { role: 'analyst', revoke: ['engagement.read'] }, admin);
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    const res = await t.call('engagement.list', {}, w.acme.users.analyst.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await t.call('rbac.policy.update', { role: 'analyst' }, admin)).status).toBe(200);
    expect((await t.call('engagement.list', {}, w.acme.users.analyst.token)).status).toBe(200);
  });
});
