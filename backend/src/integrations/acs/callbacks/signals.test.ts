import { describe, expect, it } from 'vitest';
import { type AcsEvent, acsEventsToSignals } from './signals';

const ids = { callConnectionId: 'conn-1', serverCallId: 'server-1', correlationId: 'corr-1' };
const event = (type: string, data: Record<string, unknown>, id = type): AcsEvent => ({
  id,
  type: `Microsoft.Communication.${type}`,
  time: '2025-01-02T03:04:05.000Z',
  data: { ...ids, operationContext: 'call-1', ...data },
});

describe('acsEventsToSignals', () => {
  it('maps call progress: CallConnected → ringing, AddParticipantSucceeded → connected, CallDisconnected → ended', () => {
    const signals = acsEventsToSignals([
      event('CallConnected', {}),
      event('AddParticipantSucceeded', {}),
      event('CallDisconnected', {}),
    ]);
    expect(signals).toEqual([
      {
        eventId: 'CallConnected',
        callId: 'call-1',
        kind: 'ringing',
        at: new Date('2025-01-02T03:04:05.000Z'),
        providerCallId: 'conn-1',
        serverCallId: 'server-1',
      },
      expect.objectContaining({ eventId: 'AddParticipantSucceeded', kind: 'connected' }),
      expect.objectContaining({ eventId: 'CallDisconnected', kind: 'ended' }),
    ]);
  });

  it('maps AddParticipantFailed to failed with the reason', () => {
    const failed = (code: number, message: string) =>
      event('AddParticipantFailed', { resultInformation: { code, subCode: 1, message } }, String(code));
    expect(
      acsEventsToSignals([failed(408, 'x'), failed(486, 'y'), failed(403, 'Forbidden number')]).map((s) => s.reason),
    ).toEqual(['408 no answer', '486 busy', '403 Forbidden number']);
  });

  it('maps DTMF: tone one → consent_given, another tone or RecognizeFailed → consent_refused', () => {
    const tone = (t: string) => event('RecognizeCompleted', { recognitionType: 'dtmf', dtmfResult: { tones: [t] } }, t);
    const signals = acsEventsToSignals([
      tone('one'),
      tone('two'),
      event('RecognizeFailed', { resultInformation: { code: 400, subCode: 8510 } }),
    ]);
    expect(signals.map((s) => s.kind)).toEqual(['consent_given', 'consent_refused', 'consent_refused']);
  });

  it('maps recording state with the callback URL call id and the Event Grid file event by server call id', () => {
    const state = (s: string) => ({
      ...event('RecordingStateChanged', { recordingId: 'rec-1', state: s }, s),
      data: { ...ids, recordingId: 'rec-1', state: s },
    });
    expect(acsEventsToSignals([state('active'), state('inactive')])).toEqual([]);
    expect(acsEventsToSignals([state('active'), state('inactive')], { callId: 'call-9' })).toEqual([
      expect.objectContaining({ kind: 'recording_started', callId: 'call-9', recordingId: 'rec-1' }),
      expect.objectContaining({ kind: 'recording_stopped', callId: 'call-9', recordingId: 'rec-1' }),
    ]);
    const file: AcsEvent = {
      id: 'eg-1',
      eventType: 'Microsoft.Communication.RecordingFileStatusUpdated',
      eventTime: '2025-01-02T03:09:05.000Z',
      subject: '/recording/call/conn-1/serverCallId/server-1',
      data: {
        recordingDurationMs: 61_400,
        recordingStorageInfo: {
          recordingChunks: [{ contentLocation: 'https://x.asm.skype.com/v1/objects/d/content/audio' }],
        },
      },
    };
    expect(
      acsEventsToSignals([file], { callIdForServerCall: (id) => (id === 'server-1' ? 'call-1' : undefined) }),
    ).toEqual([
      {
        eventId: 'eg-1',
        callId: 'call-1',
        kind: 'recording_ready',
        at: new Date('2025-01-02T03:09:05.000Z'),
        serverCallId: 'server-1',
        recordingUrl: 'https://x.asm.skype.com/v1/objects/d/content/audio',
        durationSec: 61,
      },
    ]);
  });

  it('ignores unknown events, events without an id and events with no call id', () => {
    expect(
      acsEventsToSignals([
        event('PlayCompleted', {}),
        event('ParticipantsUpdated', {}),
        { type: 'Microsoft.Communication.CallConnected', data: {} },
        { ...event('CallConnected', {}), data: { ...ids } },
      ]),
    ).toEqual([]);
  });
});
