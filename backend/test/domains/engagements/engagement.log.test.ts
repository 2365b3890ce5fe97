import { eventPayloads } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { apiKeyToken, buildWorld, issuePaths, writeCounts, type World } from './world';

describe('engagement.log', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t?.close());

  it('logs an engagement on an opportunity: account and client taken from it, actor = caller, activity bumped', async () => {
    const rep = w.acme.users.salesRep;
    const occurredAt = '2026-01-15T10:30:00.000Z';
    const res = await t.call(
      'engagement.log',
      {
        type: 'call_out',
        channel: 'phone',
        opportunityId: w.clientOppId,
        contactId: w.clientContactId,
        subject: 'Discovery call',
        bodyPreview: 'Talked budget',
        meta: { durationSec: 300 },
        occurredAt,
      },
      rep.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const e = res.body.data;
    expect(e).toMatchObject({
      opportunityId: w.clientOppId,
      accountId: w.clientAccountId,
      contactId: w.clientContactId,
      actorId: rep.id,
      type: 'call_out',
      direction: 'out',
      channel: 'phone',
      subject: 'Discovery call',
      occurredAt,
      isBot: false,
      meta: { durationSec: 300 },
      tenantId: w.acme.id,
    });
    const db = t.db.ownerKnex;
    const row = await db('engagements').where({ tenantId: w.acme.id, id: e.id }).first();
    expect(row).toMatchObject({ clientId: w.acme.clientId, actorId: rep.id, accountId: w.clientAccountId });
    const opp = await db('opportunities').where({ tenantId: w.acme.id, id: w.clientOppId }).first('lastActivityAt');
    expect(opp.lastActivityAt.toISOString()).toBe(occurredAt);

    const audit = await db('auditLog').where({ tenantId: w.acme.id, operation: 'engagement.log', targetId: e.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: `user:${rep.id}`,
      targetType: 'engagement',
      requestId: res.headers.get('x-request-id'),
    });
    const events = await db('events').where({ tenantId: w.acme.id, name: 'engagement.logged' });
    expect(events).toHaveLength(1);
    expect(events[0].clientId).toBe(w.acme.clientId);
    expect(eventPayloads['engagement.logged'].parse(events[0].payload)).toMatchObject({
      engagementId: e.id,
      opportunityId: w.clientOppId,
      actorId: rep.id,
    });
  });

  it('logs against an account alone (internal: clientId null), occurring now by default', async () => {
    const before = Date.now();
    const res = await t.call(
      'engagement.log',
      { type: 'note', channel: 'inapp', accountId: w.internalAccountId },
      w.acme.users.marketer.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      accountId: w.internalAccountId,
      opportunityId: null,
      contactId: null,
      direction: null,
      subject: null,
    });
    expect(Date.parse(res.body.data.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    const row = await t.db.ownerKnex('engagements').where({ id: res.body.data.id }).first('clientId');
    expect(row.clientId).toBeNull();
  });

  it('never moves the last activity back for a back-dated engagement', async () => {
    const res = await t.call(
      'engagement.log',
      { type: 'note', channel: 'inapp', opportunityId: w.clientOppId, occurredAt: '2025-06-01T00:00:00.000Z' },
      w.acme.users.salesRep.token,
    );
    expect(res.status).toBe(200);
    const opp = await t.db.ownerKnex('opportunities').where({ id: w.clientOppId }).first('lastActivityAt');
    expect(opp.lastActivityAt.toISOString()).toBe('2026-01-15T10:30:00.000Z');
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['engagements']);
    const bad = await t.call(
      'engagement.log',
      { type: 'telegram', channel: 'inapp', accountId: w.clientAccountId },
      w.acme.users.salesRep.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(issuePaths(bad.body)).toContain('type');
    const none = await t.call('engagement.log', { type: 'note', channel: 'inapp' }, w.acme.users.salesRep.token);
    expect(none.status).toBe(400);
    expect(issuePaths(none.body)).toContain('accountId');
    expect(await writeCounts(t.db.ownerKnex, ['engagements'])).toEqual(counts);
  });

  it("answers 422 reference_invalid for another tenant's account, opportunity or contact, and writes nothing", async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['engagements']);
    const token = w.acme.users.salesRep.token;
    for (const [body, field] of [
      [{ accountId: w.otherAccountId }, 'accountId'],
      [{ opportunityId: w.otherOppId }, 'opportunityId'],
      [{ accountId: w.clientAccountId, contactId: w.otherContactId }, 'contactId'],
      [{ accountId: w.internalAccountId, opportunityId: w.clientOppId }, 'accountId'],
    ] as const) {
      const res = await t.call('engagement.log', { type: 'note', channel: 'inapp', ...body }, token);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('reference_invalid');
      expect(issuePaths(res.body)).toEqual([field]);
    }
    const opp = await t.db.ownerKnex('opportunities').where({ id: w.otherOppId }).first('lastActivityAt');
    expect(opp.lastActivityAt).toBeNull();
    expect(await writeCounts(t.db.ownerKnex, ['engagements'])).toEqual(counts);
  });

  it('records an engagement logged by an API key with no actor', async () => {
    const key = await apiKeyToken(t, w.acme.id, 'salesRep');
    const res = await t.call('engagement.log', { type: 'note', channel: 'inapp', accountId: w.clientAccountId }, key);
    expect(res.status).toBe(200);
    expect(res.body.data.actorId).toBeNull();
    const audit = await t.db.ownerKnex('auditLog').where({ tenantId: w.acme.id, targetId: res.body.data.id }).first();
    expect(audit.actor).toMatch(/^apiKey:/);
  });

  it('answers 403 to roles without engagement.write (analyst, client viewer)', async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['engagements']);
    for (const role of ['analyst', 'clientViewer'] as const) {
      const res = await t.call(
        'engagement.log',
        { type: 'note', channel: 'inapp', accountId: w.clientAccountId },
        w.acme.users[role].token,
      );
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await writeCounts(t.db.ownerKnex, ['engagements'])).toEqual(counts);
  });
});
