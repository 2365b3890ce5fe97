import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelephonyError, type TelephonyProvider } from '#integrations/telephony/port';
import { acsEventsToSignals } from '../callbacks/signals';
import { createAcsCallbackVerifier } from '../callbacks/verifier';
import { type CallbackReceiver, startCallbackReceiver } from '../emulator/receiver';
import { type AcsEmulator, startAcsEmulator } from '../emulator/server';
import { createAcsProvider } from './provider';

const FROM = '+15550000100';
type Event = Record<string, any>;
/** The receiver's wait, with events read loosely. */
const waitFor = (on: CallbackReceiver, type: string, match?: (event: Event) => boolean): Promise<Event> =>
  on.waitForEvent(type, match);

describe('ACS provider against the emulator', () => {
  let emulator: AcsEmulator;
  let receiver: CallbackReceiver;
  let eventGrid: CallbackReceiver;
  let provider: TelephonyProvider;
  const defaults = getCACertificates('default');
  beforeAll(async () => {
    [emulator, receiver, eventGrid] = await Promise.all([
      startAcsEmulator(),
      startCallbackReceiver(),
      startCallbackReceiver(),
    ]);
    setDefaultCACertificates([...defaults, emulator.caPem]);
    emulator.control.setEventGridUrl(`${eventGrid.url}/eventgrid`);
    provider = createAcsProvider({
      connectionString: emulator.connectionString,
      maxRetries: 0,
      recordingOrigin: emulator.url,
    });
  });
  afterEach(() => {
    receiver.received.length = 0;
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await Promise.all([emulator.close(), receiver.close(), eventGrid.close()]);
  });

  /** Places a call for `callId` and waits for the rep's browser to answer (CallConnected). */
  async function placed(callId: string) {
    const rep = await provider.ensureIdentity(null);
    const call = await provider.placeCall!({
      callId,
      repIdentity: rep,
      toNumber: '+15551230000',
      fromNumber: FROM,
      callbackUrl: `${receiver.url}/calls/${callId}`,
    });
    await waitFor(receiver, 'CallConnected', (e) => e.data.operationContext === callId);
    return call;
  }
  const byContext = (callId: string) => (e: Event) => e.data.operationContext === callId;

  it('issues a short-lived VoIP token for an identity it keeps', async () => {
    const identity = await provider.ensureIdentity(null);
    expect(await provider.ensureIdentity(identity)).toBe(identity);
    const token = await provider.issueToken(identity);
    expect(token.identity).toBe(identity);
    expect(token.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(token.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
  });

  it('places a call: CallConnected (signed callback) → dialCustomer → AddParticipantSucceeded → hangUp', async () => {
    const call = await placed('call-full');
    expect(call.providerCallId).toBeTruthy();
    expect(call.serverCallId).toBeTruthy();
    const verifier = createAcsCallbackVerifier({
      jwksUrl: emulator.jwksUrl,
      audience: emulator.resourceId,
      issuer: emulator.callbackIssuer,
    });
    await expect(verifier.verify(receiver.received[0]?.authorization)).resolves.toMatchObject({
      aud: emulator.resourceId,
    });
    await provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-full',
      toNumber: '+15551230001',
      fromNumber: FROM,
    });
    const added = await waitFor(receiver, 'AddParticipantSucceeded', byContext('call-full'));
    expect(added.data).toMatchObject({
      callConnectionId: call.providerCallId,
      serverCallId: call.serverCallId,
      participant: { phoneNumber: { value: '+15551230001' } },
    });
    await provider.hangUp!(call.providerCallId);
    await waitFor(receiver, 'CallDisconnected', byContext('call-full'));
    const kinds = acsEventsToSignals(receiver.events()).map((s) => s.kind);
    expect(kinds).toEqual(['ringing', 'connected', 'ended']);
    expect(new Set(receiver.events().map((e) => e.id)).size).toBe(receiver.events().length);
  });

  it('reports no answer (408) and busy (486) as AddParticipantFailed', async () => {
    emulator.control.setNumber('+15551230002', { outcome: 'noAnswer', ringMs: 20 });
    emulator.control.setNumber('+15551230003', { outcome: 'busy' });
    for (const [callId, toNumber, code] of [
      ['call-408', '+15551230002', 408],
      ['call-486', '+15551230003', 486],
    ] as const) {
      const call = await placed(callId);
      await provider.dialCustomer!({ providerCallId: call.providerCallId, callId, toNumber, fromNumber: FROM });
      const failed = await waitFor(receiver, 'AddParticipantFailed', byContext(callId));
      expect(failed.data.resultInformation.code).toBe(code);
      const [signal] = acsEventsToSignals([failed]);
      expect(signal).toMatchObject({ kind: 'failed', callId, reason: code === 408 ? '408 no answer' : '486 busy' });
    }
  });

  it('refuses to dial without a caller ID', async () => {
    await expect(
      provider.dialCustomer!({ providerCallId: 'x', callId: 'x', toNumber: '+15551230009', fromNumber: null }),
    ).rejects.toBeInstanceOf(TelephonyError);
  });

  it('prompts for consent: digit 1 gives consent, silence refuses', async () => {
    emulator.control.setNumber('+15551230005', { digit: null, digitAfterMs: 10 });
    for (const [callId, toNumber, kind] of [
      ['consent-yes', '+15551230004', 'consent_given'],
      ['consent-no', '+15551230005', 'consent_refused'],
    ] as const) {
      const call = await placed(callId);
      await provider.dialCustomer!({ providerCallId: call.providerCallId, callId, toNumber, fromNumber: FROM });
      await waitFor(receiver, 'AddParticipantSucceeded', byContext(callId));
      await provider.promptConsent!({
        providerCallId: call.providerCallId,
        callId,
        toNumber,
        text: 'This call is recorded. Press 1 to agree.',
      });
      const answer = await waitFor(
        receiver,
        kind === 'consent_given' ? 'RecognizeCompleted' : 'RecognizeFailed',
        byContext(callId),
      );
      if (kind === 'consent_given') expect(answer.data.dtmfResult.tones).toEqual(['one']);
      expect(acsEventsToSignals([answer])[0]).toMatchObject({ kind, callId });
    }
  });

  it('records: state changes on the recording callback, the file on Event Grid, then deletes it', async () => {
    const call = await placed('call-rec');
    await provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-rec',
      toNumber: '+15551230006',
      fromNumber: FROM,
    });
    await waitFor(receiver, 'AddParticipantSucceeded', byContext('call-rec'));
    const { recordingId } = await provider.startRecording!({
      serverCallId: call.serverCallId!,
      callId: 'call-rec',
      callbackUrl: `${receiver.url}/recording/call-rec`,
    });
    await waitFor(receiver, 'RecordingStateChanged', (e) => e.data.state === 'active');
    await provider.stopRecording!(recordingId);
    const inactive = await waitFor(receiver, 'RecordingStateChanged', (e) => e.data.state === 'inactive');
    expect(receiver.received.at(-1)?.path).toBe('/recording/call-rec');
    expect(acsEventsToSignals([inactive], { callId: 'call-rec' })[0]).toMatchObject({
      kind: 'recording_stopped',
      recordingId,
    });
    const ready = await waitFor(eventGrid, 'RecordingFileStatusUpdated', (e) => e.subject.includes(call.serverCallId));
    const [signal] = acsEventsToSignals([ready], {
      callIdForServerCall: (id) => (id === call.serverCallId ? 'call-rec' : undefined),
    });
    expect(signal).toMatchObject({ kind: 'recording_ready', callId: 'call-rec', serverCallId: call.serverCallId });
    expect(signal?.recordingUrl).toMatch(/^https:\/\/emulator\.asm\.skype\.com\/v1\/objects\/.+\/content\/audio$/);
    await provider.deleteRecording!(signal!.recordingUrl!);
    await expect(provider.deleteRecording!(signal!.recordingUrl!)).rejects.toMatchObject({
      name: 'TelephonyError',
      status: 404,
    });
  });

  it('transfers the customer and the app leg ends', async () => {
    const call = await placed('call-xfer');
    await provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-xfer',
      toNumber: '+15551230007',
      fromNumber: FROM,
    });
    await waitFor(receiver, 'AddParticipantSucceeded', byContext('call-xfer'));
    await provider.transfer!({ providerCallId: call.providerCallId, target: '+15551239999' });
    await waitFor(receiver, 'CallTransferAccepted');
    await waitFor(receiver, 'CallDisconnected', byContext('call-xfer'));
  });

  it('surfaces failures on demand as TelephonyError with the status', async () => {
    const call = await placed('call-faults');
    emulator.control.fail({ path: 'participants:add', status: 503, retryAfterSeconds: 1 });
    const dial = () =>
      provider.dialCustomer!({
        providerCallId: call.providerCallId,
        callId: 'call-faults',
        toNumber: '+15551230008',
        fromNumber: FROM,
      });
    await expect(dial()).rejects.toMatchObject({ name: 'TelephonyError', status: 503 });
    emulator.control.fail({ path: '/identities', status: 429 });
    await expect(provider.ensureIdentity(null)).rejects.toMatchObject({ name: 'TelephonyError', status: 429 });
    emulator.control.fail({ path: '/calling/callConnections', method: 'POST', status: 500 });
    await expect(placed('never')).rejects.toMatchObject({ status: 500 });
    await dial();
    await waitFor(receiver, 'AddParticipantSucceeded', byContext('call-faults'));
    await expect(provider.hangUp!('no-such-call')).rejects.toMatchObject({ status: 404 });
  });

  it('ends the call when the customer or the rep hangs up', async () => {
    emulator.control.setNumber('+15551230010', { hangUpAfterMs: 20 });
    const call = await placed('call-bye');
    await provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-bye',
      toNumber: '+15551230010',
      fromNumber: FROM,
    });
    await waitFor(receiver, 'CallDisconnected', byContext('call-bye'));
    const rep = await placed('call-rep-bye');
    emulator.control.repHangUp(rep.providerCallId);
    await waitFor(receiver, 'CallDisconnected', byContext('call-rep-bye'));
  });
});
