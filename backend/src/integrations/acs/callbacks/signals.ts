import type { CallSignal } from '#integrations/telephony/port';

/** A Call Automation CloudEvent or an Event Grid event, as posted (loosely typed: only what the mapping reads). */
export type AcsEvent = {
  id?: string;
  type?: string;
  eventType?: string;
  time?: string;
  eventTime?: string;
  subject?: string;
  data?: Record<string, unknown>;
};

/** Where a signal's call id comes from when an event has no `operationContext`. */
export type SignalContext = {
  /** The call id the callback URL names (recording-state callbacks carry no operationContext). */
  callId?: string;
  /** Looks a call up by server call id (Event Grid recording events name only that). */
  callIdForServerCall?: (serverCallId: string) => string | undefined;
};

const PREFIX = 'Microsoft.Communication.';
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

function reasonOf(data: Record<string, unknown>): string | undefined {
  const info = data.resultInformation as { code?: number; subCode?: number; message?: string } | undefined;
  if (!info?.code) return undefined;
  const words = info.code === 486 ? 'busy' : info.code === 408 ? 'no answer' : info.message;
  return [String(info.code), words].filter(Boolean).join(' ');
}

function serverCallIdOf(event: AcsEvent, data: Record<string, unknown>): string | undefined {
  return str(data.serverCallId) ?? /\/serverCallId\/([^/]+)/.exec(event.subject ?? '')?.[1];
}

type Kind = CallSignal['kind'];

function kindOf(type: string, data: Record<string, unknown>): Kind | null {
  switch (type) {
    case 'CallConnected':
      return 'ringing';
    case 'AddParticipantSucceeded':
      return 'connected';
    case 'AddParticipantFailed':
      return 'failed';
    case 'CallDisconnected':
      return 'ended';
    case 'RecognizeCompleted': {
      const tones = (data.dtmfResult as { tones?: unknown[] } | undefined)?.tones ?? [];
      return tones[0] === 'one' ? 'consent_given' : 'consent_refused';
    }
    case 'RecognizeFailed':
      return 'consent_refused';
    case 'RecordingStateChanged':
      return data.state === 'active' ? 'recording_started' : data.state === 'inactive' ? 'recording_stopped' : null;
    case 'RecordingFileStatusUpdated':
      return 'recording_ready';
    default:
      return null;
  }
}

/**
 * Maps Call Automation CloudEvents and Event Grid recording events to the port's signals. The call id is the
 * event's `operationContext`, else the context's; events without one, and unknown events, are left out.
 */
export function acsEventsToSignals(events: readonly AcsEvent[], context: SignalContext = {}): CallSignal[] {
  const signals: CallSignal[] = [];
  for (const event of events) {
    const type = (event.type ?? event.eventType ?? '').replace(PREFIX, '');
    const data = event.data ?? {};
    const kind = kindOf(type, data);
    const eventId = str(event.id);
    if (!kind || !eventId) continue;
    const serverCallId = serverCallIdOf(event, data);
    const callId =
      str(data.operationContext) ??
      context.callId ??
      (serverCallId ? context.callIdForServerCall?.(serverCallId) : undefined);
    if (!callId) continue;
    const at = new Date(event.time ?? event.eventTime ?? Date.now());
    const signal: CallSignal = { eventId, callId, kind, at };
    const providerCallId = str(data.callConnectionId);
    if (providerCallId) signal.providerCallId = providerCallId;
    if (serverCallId) signal.serverCallId = serverCallId;
    if (kind === 'failed' || kind === 'ended') {
      const reason = reasonOf(data);
      if (reason) signal.reason = reason;
    }
    if (kind === 'recording_started' || kind === 'recording_stopped') {
      const recordingId = str(data.recordingId);
      if (recordingId) signal.recordingId = recordingId;
    }
    if (kind === 'recording_ready') {
      const storage = data.recordingStorageInfo as { recordingChunks?: { contentLocation?: string }[] } | undefined;
      const url = str(storage?.recordingChunks?.[0]?.contentLocation);
      if (!url) continue;
      signal.recordingUrl = url;
      const ms = data.recordingDurationMs;
      if (typeof ms === 'number') signal.durationSec = Math.round(ms / 1000);
    }
    signals.push(signal);
  }
  return signals;
}
