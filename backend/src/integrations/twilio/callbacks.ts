/**
 * Twilio's status callbacks (form-encoded POSTs): the signature check, done by Twilio's own helper, and the
 * pure mapping of a voice status callback or a recording status callback to the domain's `CallSignal`.
 */
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { CallSignal } from '../telephony/port';

/** A callback's form fields as the body parser gives them. */
export type TwilioParams = Readonly<Record<string, unknown>>;

/**
 * Whether Twilio signed this request: HMAC-SHA1 (base64) with the account's auth token over the full URL it
 * posted to (scheme, host, path and query string exactly as configured) followed by every form field, sorted
 * by name, as name + value. A missing signature, a bad URL or any error answers false.
 */
export function verifyTwilioSignature(input: {
  authToken: string;
  url: string;
  params: Record<string, string | string[]>;
  signature: string | undefined;
}): boolean {
  const { authToken, url, params, signature } = input;
  if (!authToken || !signature) return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}

function field(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** `Timestamp` (RFC 2822, UTC) when Twilio sent one, else now. */
function when(value: string | undefined, now: Date): Date {
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(parsed) ? now : new Date(parsed);
}

/** Call statuses that end a call unanswered, and the reason the domain records (SIP-style, as ACS words it). */
const FAILURE_REASONS: Record<string, string> = {
  busy: '486 busy',
  'no-answer': '408 no answer',
  canceled: '487 canceled',
  failed: 'failed',
};

function callSignal(params: TwilioParams, callId: string, now: Date): CallSignal | null {
  const callSid = field(params, 'CallSid');
  const status = field(params, 'CallStatus');
  if (!callSid || !status) return null;
  const base = {
    // The same callback retried carries the same CallSid, CallStatus and SequenceNumber.
    eventId: `twilio:call:${callSid}:${status}:${field(params, 'SequenceNumber') ?? '-'}`,
    callId,
    at: when(field(params, 'Timestamp'), now),
    providerCallId: callSid,
  };
  switch (status) {
    case 'ringing':
      return { ...base, kind: 'ringing' };
    case 'in-progress':
      return { ...base, kind: 'connected' };
    case 'completed': {
      const durationSec = seconds(field(params, 'CallDuration'));
      return { ...base, kind: 'ended', ...(durationSec === undefined ? {} : { durationSec }) };
    }
    default: {
      const reason = FAILURE_REASONS[status];
      return reason === undefined ? null : { ...base, kind: 'failed', reason };
    }
  }
}

function recordingSignal(params: TwilioParams, callId: string, now: Date): CallSignal | null {
  const recordingSid = field(params, 'RecordingSid');
  const status = field(params, 'RecordingStatus');
  if (!recordingSid || !status) return null;
  const callSid = field(params, 'CallSid');
  const base = {
    eventId: `twilio:recording:${recordingSid}:${status}`,
    callId,
    at: when(field(params, 'Timestamp') ?? field(params, 'RecordingStartTime'), now),
    recordingId: recordingSid,
    ...(callSid === undefined ? {} : { providerCallId: callSid }),
  };
  switch (status) {
    case 'in-progress':
      return { ...base, kind: 'recording_started' };
    case 'completed': {
      const recordingUrl = field(params, 'RecordingUrl');
      if (!recordingUrl) return null;
      const durationSec = seconds(field(params, 'RecordingDuration'));
      return { ...base, kind: 'recording_ready', recordingUrl, ...(durationSec === undefined ? {} : { durationSec }) };
    }
    case 'absent':
      // Twilio kept no file (nothing audible was recorded): the recording is over without one.
      return { ...base, kind: 'recording_stopped', reason: 'absent' };
    default:
      return null;
  }
}

/**
 * The signal a Twilio callback carries, or null when it carries none the domain uses (queued, initiated,
 * unknown statuses, missing ids). A callback with `RecordingStatus` is a recording status callback; any other
 * is a voice status callback. `callId` is our call session id, taken from the callback URL.
 */
export function twilioStatusToSignal(params: TwilioParams, callId: string, now: Date = new Date()): CallSignal | null {
  return field(params, 'RecordingStatus') === undefined
    ? callSignal(params, callId, now)
    : recordingSignal(params, callId, now);
}
