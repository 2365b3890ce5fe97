import { describe, expect, it } from 'vitest';
import { acsEventsToSignals } from '../callbacks/signals';
import { FROM, useAcsHarness } from './testHarness';

describe('ACS provider against the emulator: recording, transfer, failures, hang-ups', () => {
  const acs = useAcsHarness();
  const { waitFor, byContext, placed } = acs;
  it('records: state changes on the recording callback, the file on Event Grid, then deletes it', async () => {
    const call = await placed('call-rec');
    await acs.provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-rec',
      toNumber: '+15551230006',
      fromNumber: FROM,
    });
    await waitFor(acs.receiver, 'AddParticipantSucceeded', byContext('call-rec'));
    const { recordingId } = await acs.provider.startRecording!({
      serverCallId: call.serverCallId!,
      callId: 'call-rec',
      callbackUrl: `${acs.receiver.url}/recording/call-rec`,
    });
    await waitFor(acs.receiver, 'RecordingStateChanged', (e) => e.data.state === 'active');
    await acs.provider.stopRecording!(recordingId);
    const inactive = await waitFor(acs.receiver, 'RecordingStateChanged', (e) => e.data.state === 'inactive');
    expect(acs.receiver.received.at(-1)?.path).toBe('/recording/call-rec');
    expect(acsEventsToSignals([inactive], { callId: 'call-rec' })[0]).toMatchObject({
      kind: 'recording_stopped',
      recordingId,
    });
    const ready = await waitFor(acs.eventGrid, 'RecordingFileStatusUpdated', (e) =>
      e.subject.includes(call.serverCallId),
    );
    const [signal] = acsEventsToSignals([ready], {
      callIdForServerCall: (id) => (id === call.serverCallId ? 'call-rec' : undefined),
    });
    expect(signal).toMatchObject({ kind: 'recording_ready', callId: 'call-rec', serverCallId: call.serverCallId });
    expect(signal?.recordingUrl).toMatch(/^https:\/\/emulator\.asm\.skype\.com\/v1\/objects\/.+\/content\/audio$/);
    await acs.provider.deleteRecording!(signal!.recordingUrl!);
    await expect(acs.provider.deleteRecording!(signal!.recordingUrl!)).rejects.toMatchObject({
      name: 'TelephonyError',
      status: 404,
    });
  });

  it('transfers the customer and the app leg ends', async () => {
    const call = await placed('call-xfer');
    await acs.provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-xfer',
      toNumber: '+15551230007',
      fromNumber: FROM,
    });
    await waitFor(acs.receiver, 'AddParticipantSucceeded', byContext('call-xfer'));
    await acs.provider.transfer!({ providerCallId: call.providerCallId, target: '+15551239999' });
    await waitFor(acs.receiver, 'CallTransferAccepted');
    await waitFor(acs.receiver, 'CallDisconnected', byContext('call-xfer'));
  });

  it('surfaces failures on demand as TelephonyError with the status', async () => {
    const call = await placed('call-faults');
    acs.emulator.control.fail({ path: 'participants:add', status: 503, retryAfterSeconds: 1 });
    const dial = () =>
      acs.provider.dialCustomer!({
        providerCallId: call.providerCallId,
        callId: 'call-faults',
        toNumber: '+15551230008',
        fromNumber: FROM,
      });
    await expect(dial()).rejects.toMatchObject({ name: 'TelephonyError', status: 503 });
    acs.emulator.control.fail({ path: '/identities', status: 429 });
    await expect(acs.provider.ensureIdentity(null)).rejects.toMatchObject({ name: 'TelephonyError', status: 429 });
    acs.emulator.control.fail({ path: '/calling/callConnections', method: 'POST', status: 500 });
    await expect(placed('never')).rejects.toMatchObject({ status: 500 });
    await dial();
    await waitFor(acs.receiver, 'AddParticipantSucceeded', byContext('call-faults'));
    await expect(acs.provider.hangUp!('no-such-call')).rejects.toMatchObject({ status: 404 });
  });

  it('ends the call when the customer or the rep hangs up', async () => {
    acs.emulator.control.setNumber('+15551230010', { hangUpAfterMs: 20 });
    const call = await placed('call-bye');
    await acs.provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-bye',
      toNumber: '+15551230010',
      fromNumber: FROM,
    });
    await waitFor(acs.receiver, 'CallDisconnected', byContext('call-bye'));
    const rep = await placed('call-rep-bye');
    acs.emulator.control.repHangUp(rep.providerCallId);
    await waitFor(acs.receiver, 'CallDisconnected', byContext('call-rep-bye'));
  });
});
