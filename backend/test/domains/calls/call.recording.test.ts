import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeCallData } from '#domains/calls/retention';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCallWorld, setConsent, waitForCall, type CallWorld } from './world';

const transcript = `Rep: Thanks Dana. Dana: Our budget for the pilot is 20,000 pounds.
Rep: I'll send you the proposal tomorrow. Dana: We will decide by the end of the month.`;

describe('recording consent, recordings, transcripts and their retention', () => {
  let t: TestApp;
  let w: CallWorld;
  beforeAll(async () => {
    t = await createTestApp({ telephony: true });
    w = await buildCallWorld(t);
    // Germany: recording off; the EU: every party consents; elsewhere the rep's consent is enough.
    await setConsent(t, w.acme, { defaultConsent: 'oneParty', regions: { DE: 'disabled', EU: 'allParty' } });
  });
  afterAll(async () => t?.close());

  const rep = () => w.acme.users.salesRep.token;
  const ok = async (op: string, input: Record<string, unknown>) => {
    const res = await t.call(op, input, rep());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };
  const count = async (table: string) => Number((await t.db.ownerKnex(table).count({ n: '*' }))[0]!.n);

  it('refuses a recorded call where recording is off, before anything is written', async () => {
    const before = await count('callSessions');
    const res = await t.call('call.start', { contactId: w.germanContactId, record: true }, rep());
    expect([res.status, res.body.error.code]).toEqual([409, 'consent_required']);
    expect(await count('callSessions')).toBe(before);
    // Unrecorded, the same call is fine.
    const plain = await ok('call.start', { contactId: w.germanContactId });
    await ok('call.end', { id: plain.id });
  });

  it('records a one-party call once connected, and keeps the file the provider reports, sealed', async () => {
    const started = await ok('call.start', { contactId: w.contactId, record: true });
    await waitForCall(t.db.ownerKnex, started.id, (r) => r.recordingState === 'recording');
    await ok('call.end', { id: started.id });
    const ready = await waitForCall(t.db.ownerKnex, started.id, (r) => r.recordingState === 'ready');
    expect(ready.recordingSealed.toString('utf8')).not.toContain('https://');
    const call = await ok('call.end', { id: started.id });
    expect(call.recordingUrl).toMatch(/^https:\/\/.*asm\.skype\.com\//);
    const names = (await t.db.ownerKnex('events').whereRaw(`payload->>'callId' = ?`, [started.id])).map((e) => e.name);
    expect(names).toContain('call.recorded');
  });

  it('asks every party where all must consent: a 1 records, silence does not', async () => {
    t.acs!.control.setNumber('+33612345678', { digit: '1' });
    const yes = await ok('call.start', { toNumber: '+33612345678', record: true });
    await waitForCall(t.db.ownerKnex, yes.id, (r) => r.recordingState === 'recording');
    await ok('call.end', { id: yes.id });

    t.acs!.control.setNumber('+33612345679', { digit: null, digitAfterMs: 20 });
    const no = await ok('call.start', { toNumber: '+33612345679', record: true });
    await waitForCall(t.db.ownerKnex, no.id, (r) => r.recordingState === 'refused');
    await ok('call.end', { id: no.id });
    const refused = await t.call(
      'call.recording.attach',
      { id: no.id, recordingUrl: 'https://files.example/rec.mp3', consentObtained: true },
      rep(),
    );
    expect([refused.status, refused.body.error.code]).toEqual([409, 'consent_required']);
    const words = await t.call('call.transcript.attach', { id: no.id, text: transcript }, rep());
    expect([words.status, words.body.error.code]).toEqual([409, 'invalid_state']);
  });

  it('attaches a recording made elsewhere only with the consent its region needs', async () => {
    const call = await ok('call.start', { toNumber: '+33612345670' });
    await waitForCall(t.db.ownerKnex, call.id, (r) => r.status === 'connected');
    await ok('call.end', { id: call.id });
    const input = { id: call.id, recordingUrl: 'https://files.example/rec.mp3', durationSec: 42 };
    const without = await t.call('call.recording.attach', { ...input, consentObtained: false }, rep());
    expect([without.status, without.body.error.code]).toEqual([409, 'consent_required']);
    const bad = await t.call(
      'call.recording.attach',
      { ...input, recordingUrl: 'http://x', consentObtained: true },
      rep(),
    );
    expect([bad.status, bad.body.error.details.issues[0].path]).toEqual([400, 'recordingUrl']);
    const attached = await ok('call.recording.attach', { ...input, consentObtained: true });
    expect(attached.recordingUrl).toBe('https://files.example/rec.mp3');
    const again = await ok('call.recording.attach', { ...input, consentObtained: true });
    expect(again.version).toBe(attached.version);
    const foreign = await t.call(
      'call.recording.attach',
      { ...input, consentObtained: true },
      w.other.users.salesRep.token,
    );
    expect(foreign.status).toBe(404);
  });

  it('summarises a transcript into action items the rep can accept, and forgets both after retention', async () => {
    const call = await ok('call.start', { contactId: w.contactId, record: true });
    await waitForCall(t.db.ownerKnex, call.id, (r) => r.recordingState === 'recording');
    const early = await t.call('call.transcript.attach', { id: call.id, text: transcript }, rep());
    expect([early.status, early.body.error.code]).toEqual([409, 'invalid_state']);
    await ok('call.end', { id: call.id });
    await waitForCall(t.db.ownerKnex, call.id, (r) => r.recordingState === 'ready');
    const noText = await t.call('call.summary.get', { callId: call.id }, rep());
    expect([noText.status, noText.body.error.code]).toEqual([409, 'invalid_state']);
    const transcribed = await ok('call.transcript.attach', { id: call.id, text: transcript, language: 'en-GB' });
    expect(transcribed.transcriptId).not.toBeNull();
    const summary = await ok('call.summary.get', { callId: call.id });
    expect(summary.summary).toContain('budget');
    expect(summary.actionItems.map((a: { suggestedTaskType: string }) => a.suggestedTaskType)).toEqual([
      'email',
      'todo',
    ]);
    expect(summary.actionItems[0].ownerId).toBe(w.acme.users.salesRep.id);
    const accepted = await ok('task.create', {
      type: summary.actionItems[0].suggestedTaskType,
      title: summary.actionItems[0].text,
      dueAt: summary.actionItems[0].dueAt,
      contactId: w.contactId,
    });
    expect(accepted.title).toBe("I'll send you the proposal tomorrow.");
    const sealed = await t.db.ownerKnex('callTranscripts').where({ callId: call.id }).first();
    expect(sealed.textSealed.toString('utf8')).not.toContain('budget');

    // A year and a day later, the nightly job deletes the recording (at ACS too) and the transcript.
    const later = new Date(Date.now() + 366 * 86_400_000);
    const done = await purgeCallData(t.db.ownerKnex, w.acme.id, later);
    expect(done.recordings).toBeGreaterThanOrEqual(2);
    expect(done.transcripts).toBe(1);
    const after = await ok('call.end', { id: call.id });
    expect([after.recordingUrl, after.transcriptId]).toEqual([null, null]);
    const row = await t.db.ownerKnex('callSessions').where({ id: call.id }).first('recordingState');
    expect(row.recordingState).toBe('purged');
    const gone = await t.call('call.summary.get', { callId: call.id }, rep());
    expect(gone.status).toBe(409);
  });
});
