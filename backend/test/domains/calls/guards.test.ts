import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCallWorld, type CallWorld } from './world';

/** Every call and meeting operation against the three refusals: bad input, another tenant, no right. */
describe('calls and meetings refuse what they must', () => {
  let t: TestApp;
  let w: CallWorld;
  let callId: string;
  beforeAll(async () => {
    t = await createTestApp({ telephony: true });
    w = await buildCallWorld(t);
    const started = await t.call('call.start', { contactId: w.contactId }, w.acme.users.salesRep.token);
    callId = started.body.data.id;
    await t.call('call.end', { id: callId }, w.acme.users.salesRep.token);
  });
  afterAll(async () => t?.close());

  const ops = () =>
    ({
      'call.end': { good: { id: callId }, bad: { id: callId, status: 'gone' }, badPath: 'status' },
      'call.disposition': {
        good: { id: callId, disposition: 'left_vm' },
        bad: { id: callId, disposition: 'callback' },
        badPath: 'callbackAt',
      },
      'call.recording.attach': {
        good: { id: callId, recordingUrl: 'https://files.example/a.mp3', consentObtained: true },
        bad: { id: callId, recordingUrl: 'https://files.example/a.mp3' },
        badPath: 'consentObtained',
      },
      'call.transcript.attach': {
        good: { id: callId, text: 'Hello there' },
        bad: { id: callId, text: '' },
        badPath: 'text',
      },
      'call.summary.get': { good: { callId }, bad: { callId: 'x' }, badPath: 'callId' },
      'call.start': { good: { contactId: w.contactId }, bad: { toNumber: '12' }, badPath: 'toNumber' },
      'call.token.get': { good: {}, bad: null, badPath: '' },
      'dialer.queue.next': { good: {}, bad: { sequenceId: 'x' }, badPath: 'sequenceId' },
      'meeting.log': {
        good: { subject: 'Lunch', startAt: '2026-12-01T12:00:00Z', accountId: w.acme.id },
        bad: { subject: 'Lunch' },
        badPath: 'meetingId',
      },
      'meeting.create': {
        good: {
          subject: 'Demo',
          startAt: '2026-12-15T10:00:00Z',
          endAt: '2026-12-15T11:00:00Z',
          attendees: [{ email: 'a@b.example' }],
        },
        bad: { subject: 'Demo', startAt: '2026-12-15T10:00:00Z', endAt: '2026-12-15T11:00:00Z', attendees: [] },
        badPath: 'attendees',
      },
    }) as Record<string, { good: Record<string, unknown>; bad: Record<string, unknown> | null; badPath: string }>;

  it('400 validation_failed naming the field, and nothing written', async () => {
    const before = await t.db.ownerKnex('callSessions').where({ id: callId }).first('version');
    for (const [op, spec] of Object.entries(ops())) {
      if (!spec.bad) continue;
      const res = await t.call(op, spec.bad, w.acme.users.salesRep.token);
      expect([op, res.status, res.body.error.code], JSON.stringify(res.body)).toEqual([op, 400, 'validation_failed']);
      expect(
        res.body.error.details.issues.map((i: { path: string }) => i.path),
        op,
      ).toContain(spec.badPath);
    }
    expect(await t.db.ownerKnex('callSessions').where({ id: callId }).first('version')).toEqual(before);
  });

  it('404 for another tenant’s call', async () => {
    for (const op of [
      'call.end',
      'call.disposition',
      'call.recording.attach',
      'call.transcript.attach',
      'call.summary.get',
    ]) {
      const res = await t.call(op, ops()[op]!.good, w.other.users.salesRep.token);
      expect([op, res.status, res.body.error.code]).toEqual([op, 404, 'not_found']);
    }
  });

  it('403 for a role without calls, and for everyone once the flag is off', async () => {
    for (const [op, spec] of Object.entries(ops())) {
      const res = await t.call(op, spec.good, w.acme.users.clientViewer.token);
      expect([op, res.status, res.body.error.code]).toEqual([op, 403, 'forbidden']);
    }
    const summary = await t.call('call.summary.get', { callId }, w.acme.users.analyst.token);
    expect(summary.status).toBe(409); // analysts read summaries (call.read); this call has no transcript
    const place = await t.call('call.start', { contactId: w.contactId }, w.acme.users.analyst.token);
    expect(place.status).toBe(403);
    await t.db
      .ownerKnex('featureFlags')
      .insert({ tenantId: w.acme.id, flag: 'webrtc_calls', enabled: false })
      .onConflict(['tenantId', 'flag'])
      .merge();
    t.services.tenants.invalidate(w.acme.id);
    for (const [op, spec] of Object.entries(ops())) {
      const res = await t.call(op, spec.good, w.acme.users.salesRep.token);
      expect([op, res.status]).toEqual([op, 403]);
    }
  });
});
