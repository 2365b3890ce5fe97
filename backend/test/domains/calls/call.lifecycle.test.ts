import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCallWorld, waitForCall, type CallWorld } from './world';

describe('a call from click to timeline', () => {
  let t: TestApp;
  let w: CallWorld;
  beforeAll(async () => {
    t = await createTestApp({ telephony: true });
    w = await buildCallWorld(t);
  });
  afterAll(async () => t?.close());

  const rep = () => w.acme.users.salesRep.token;
  const ok = async (op: string, input: Record<string, unknown>, token = rep()) => {
    const res = await t.call(op, input, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };
  const events = async (callId: string) =>
    (
      (await t.db.ownerKnex('events').whereRaw(`payload->>'callId' = ?`, [callId]).orderBy('seq')) as {
        name: string;
      }[]
    ).map((e) => e.name);

  it('places the call, follows the provider to connected, ends it and logs it with its duration', async () => {
    const started = await ok('call.start', { contactId: w.contactId, opportunityId: w.opportunityId });
    expect(started).toMatchObject({ status: 'initiated', toNumber: '+442079460123', provider: 'webrtc' });
    // The emulator rings the rep's softphone, which answers; the server then dials the customer, who answers.
    await waitForCall(t.db.ownerKnex, started.id, (r) => r.status === 'connected');
    const placed = t.acs!.control.calls().find((c) => c.operationContext === started.id);
    expect(placed?.participants.join(' ')).toContain('+442079460123');

    const ended = await ok('call.end', { id: started.id, notes: 'Spoke to Dana' });
    expect(ended.status).toBe('ended');
    expect(ended.durationSec).toBeGreaterThanOrEqual(0);
    const again = await ok('call.end', { id: started.id });
    expect(again.version).toBe(ended.version);

    const disposed = await ok('call.disposition', { id: started.id, disposition: 'connected', notes: 'Wants a demo' });
    expect(disposed.disposition).toBe('connected');
    const timeline = await ok('timeline.get', { opportunityId: w.opportunityId });
    const entry = timeline.find((i: { refs: { callId?: string } }) => i.refs.callId === started.id);
    expect(entry).toMatchObject({ type: 'call_out', channel: 'phone', preview: 'Wants a demo' });
    expect(entry.call).toEqual({
      status: 'ended',
      durationSec: ended.durationSec,
      disposition: 'connected',
      customDisposition: null,
    });
    expect(await events(started.id)).toEqual(['call.started', 'call.ended', 'call.dispositioned']);
  });

  it('logs a busy number as a failed call with the provider’s reason, once', async () => {
    t.acs!.control.setNumber('+4930123456789', { outcome: 'busy' });
    const started = await ok('call.start', { contactId: w.germanContactId });
    const failed = await waitForCall(t.db.ownerKnex, started.id, (r) => r.status === 'failed');
    expect([failed.failureReason, failed.durationSec]).toEqual(['486 busy', 0]);
    expect((await ok('call.end', { id: started.id })).status).toBe('failed');
    expect(await events(started.id)).toEqual(['call.started', 'call.ended']);
  });

  it('schedules the callback the rep agreed, and moves it when disposed again', async () => {
    const started = await ok('call.start', { contactId: w.contactId });
    await ok('call.end', { id: started.id });
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const disposed = await ok('call.disposition', { id: started.id, disposition: 'callback', callbackAt: at });
    const tasks = await t.db.ownerKnex('tasks').where({ tenantId: w.acme.id, contactId: w.contactId, type: 'call' });
    expect(tasks.map((x) => [x.status, x.dueAt.toISOString(), x.ownerId])).toEqual([
      ['open', at, w.acme.users.salesRep.id],
    ]);
    const retried = await ok('call.disposition', { id: started.id, disposition: 'callback', callbackAt: at });
    expect(retried.version).toBe(disposed.version);
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await ok('call.disposition', { id: started.id, disposition: 'callback', callbackAt: later });
    const moved = await t.db.ownerKnex('tasks').where({ tenantId: w.acme.id, contactId: w.contactId, type: 'call' });
    expect(moved.map((x) => x.dueAt.toISOString())).toEqual([later]);
  });

  it('refuses a disposition before the end, a custom one without its label, and a past callback', async () => {
    const started = await ok('call.start', { toNumber: '+442079460777' });
    const early = await t.call('call.disposition', { id: started.id, disposition: 'no_answer' }, rep());
    expect([early.status, early.body.error.code]).toEqual([409, 'invalid_state']);
    await ok('call.end', { id: started.id });
    const custom = await t.call('call.disposition', { id: started.id, disposition: 'custom' }, rep());
    expect([custom.status, custom.body.error.details.issues[0].path]).toEqual([400, 'customDisposition']);
    const past = await t.call(
      'call.disposition',
      { id: started.id, disposition: 'callback', callbackAt: '2020-01-01T00:00:00Z' },
      rep(),
    );
    expect([past.status, past.body.error.details.issues[0].path]).toEqual([400, 'callbackAt']);
    const label = await ok('call.disposition', {
      id: started.id,
      disposition: 'custom',
      customDisposition: 'Gatekeeper',
    });
    expect(label.customDisposition).toBe('Gatekeeper');
  });

  it('answers 400 with the field and writes nothing, 422 for suppressed or foreign records', async () => {
    const count = async () => Number((await t.db.ownerKnex('callSessions').count({ n: '*' }))[0]!.n);
    const before = await count();
    const none = await t.call('call.start', {}, rep());
    expect([none.status, none.body.error.details.issues[0].path]).toEqual([400, 'contactId']);
    const bad = await t.call('call.start', { toNumber: '020 7946' }, rep());
    expect([bad.status, bad.body.error.details.issues[0].path]).toEqual([400, 'toNumber']);
    const foreign = await t.call('call.start', { contactId: w.otherContactId }, rep());
    expect([foreign.status, foreign.body.error.code]).toEqual([422, 'reference_invalid']);
    await t.db.ownerKnex('suppressions').insert({
      tenantId: w.acme.id,
      id: uuidv7(),
      kind: 'phone',
      value: '+442079460555',
      reason: 'manual',
    });
    const suppressed = await t.call('call.start', { toNumber: '+442079460555' }, rep());
    expect([suppressed.status, suppressed.body.error.code]).toEqual([422, 'recipient_suppressed']);
    expect(await count()).toBe(before);
  });

  it('hides another tenant’s call (404), refuses another rep (403) and the roles without calls (403)', async () => {
    const started = await ok('call.start', { contactId: w.contactId });
    const otherTenant = await t.call('call.end', { id: started.id }, w.other.users.salesRep.token);
    expect([otherTenant.status, otherTenant.body.error.code]).toEqual([404, 'not_found']);
    const otherRep = await t.call('call.end', { id: started.id }, w.acme.users.marketer.token);
    expect(otherRep.status).toBe(403);
    const viewer = await t.call('call.start', { contactId: w.contactId }, w.acme.users.clientViewer.token);
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'forbidden']);
    await ok('call.end', { id: started.id });
  });

  it('replays a retried start under the same Idempotency-Key, and never across callers', async () => {
    const headers = { 'idempotency-key': 'dial-1' };
    const first = await t.call('call.start', { contactId: w.contactId }, rep(), { headers });
    const retry = await t.call('call.start', { contactId: w.contactId }, rep(), { headers });
    expect(retry.body.data.id).toBe(first.body.data.id);
    const manager = await t.call('call.start', { contactId: w.contactId }, w.acme.users.salesManager.token, {
      headers,
    });
    expect(manager.body.data.id).not.toBe(first.body.data.id);
    expect(manager.body.data.userId).toBe(w.acme.users.salesManager.id);
  });

  it('answers a softphone token for the caller’s own ACS identity, the same one each time', async () => {
    const a = await ok('call.token.get', {});
    const b = await ok('call.token.get', {});
    expect(a.provider).toBe('webrtc');
    expect(a.identity).toBe(b.identity);
    expect(Date.parse(a.expiresAt) - Date.now()).toBeGreaterThan(50 * 60_000);
    const mgr = await ok('call.token.get', {}, w.acme.users.salesManager.token);
    expect(mgr.identity).not.toBe(a.identity);
    const sealed = await t.db.ownerKnex('callIdentities').where({ userId: w.acme.users.salesRep.id }).first();
    expect(sealed.identitySealed.toString('utf8')).not.toContain(a.identity);
  });
});
