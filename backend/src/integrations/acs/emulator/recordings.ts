import { randomUUID } from 'node:crypto';
import { callEvent, later, sendCallEvents, sendEventGrid } from './events';
import type { AcsState, EmulatedCall, EmulatedRecording } from './types';

/** The host recording files are served from: the SDK only accepts `*.asm.skype.com` recording URLs. */
export const RECORDING_HOST = 'emulator.asm.skype.com';
/** How long after a recording stops its file is announced on Event Grid. */
export const FILE_READY_AFTER_MS = 30;

export const contentLocation = (documentId: string) =>
  `https://${RECORDING_HOST}/v1/objects/${documentId}/content/audio`;
export const deleteLocation = (documentId: string) => `https://${RECORDING_HOST}/v1/objects/${documentId}`;

const callOf = (state: AcsState, serverCallId: string): EmulatedCall | undefined =>
  [...state.calls.values()].find((c) => c.serverCallId === serverCallId);

function stateChanged(state: AcsState, recording: EmulatedRecording): void {
  const call = callOf(state, recording.serverCallId);
  if (!call) return;
  const event = callEvent(
    call,
    'RecordingStateChanged',
    {
      recordingId: recording.recordingId,
      state: recording.state,
      startDateTime: recording.startedAt.toISOString(),
      recordingKind: 'AzureCommunicationServices',
    },
    null,
  );
  void sendCallEvents(state, call, [event], recording.callbackUri ?? call.callbackUri);
}

/** Starts recording a live call found by its server call id. */
export function startRecording(
  state: AcsState,
  serverCallId: string,
  callbackUri: string | null,
): EmulatedRecording | null {
  const call = callOf(state, serverCallId);
  if (!call || call.state !== 'connected') return null;
  const recording: EmulatedRecording = {
    recordingId: Buffer.from(`emulator-recording:${randomUUID()}`).toString('base64url'),
    serverCallId,
    callConnectionId: call.callConnectionId,
    state: 'active',
    callbackUri,
    startedAt: new Date(),
    documentId: `0-emu-d1-${randomUUID().replaceAll('-', '')}`,
  };
  state.recordings.set(recording.recordingId, recording);
  later(state, 5, () => stateChanged(state, recording));
  return recording;
}

/** Stops a recording: RecordingStateChanged inactive, then the file-ready event on Event Grid. */
export function stopRecording(state: AcsState, recording: EmulatedRecording): void {
  if (recording.state === 'inactive') return;
  recording.state = 'inactive';
  stateChanged(state, recording);
  state.files.set(recording.documentId, { recordingId: recording.recordingId, deleted: false });
  later(state, FILE_READY_AFTER_MS, () => void sendEventGrid(state, [fileReadyEvent(state, recording)]));
}

export function stopRecordingsOf(state: AcsState, serverCallId: string): void {
  for (const recording of state.recordings.values())
    if (recording.serverCallId === serverCallId) stopRecording(state, recording);
}

/** `Microsoft.Communication.RecordingFileStatusUpdated` in Event Grid's schema. */
function fileReadyEvent(state: AcsState, recording: EmulatedRecording): Record<string, unknown> {
  const durationMs = Date.now() - recording.startedAt.getTime();
  return {
    id: randomUUID(),
    topic: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.Communication/communicationServices/${state.resourceId}`,
    subject: `/recording/call/${recording.callConnectionId ?? ''}/serverCallId/${recording.serverCallId}`,
    data: {
      recordingStorageInfo: {
        recordingChunks: [
          {
            documentId: recording.documentId,
            index: 0,
            endReason: 'SessionEnded',
            contentLocation: contentLocation(recording.documentId),
            metadataLocation: `https://${RECORDING_HOST}/v1/objects/${recording.documentId}/content/acsmetadata`,
            deleteLocation: deleteLocation(recording.documentId),
          },
        ],
      },
      recordingStartTime: recording.startedAt.toISOString(),
      recordingDurationMs: durationMs,
      recordingContentType: 'Audio',
      recordingChannelType: 'Mixed',
      recordingFormatType: 'Mp3',
      sessionEndReason: 'CallEnded',
    },
    eventType: 'Microsoft.Communication.RecordingFileStatusUpdated',
    dataVersion: '1.0',
    metadataVersion: '1',
    eventTime: new Date().toISOString(),
  };
}
