import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

/** What the TwiML app's voice request is answered with: the customer dialled, or the call refused. */
export type DialInstructions =
  | { kind: 'dial'; toNumber: string; callerId: string | null; record: boolean; callbackUrl: string }
  | { kind: 'reject' };

/**
 * The TwiML for a browser call: dial the customer with the caller ID, their leg's status callbacks (and its
 * recording's, when recording is allowed) to the call's own callback URL; or reject.
 */
export function dialTwiml(instructions: DialInstructions): string {
  const response = new VoiceResponse();
  if (instructions.kind === 'reject') {
    response.reject();
    return response.toString();
  }
  const dial = response.dial({
    ...(instructions.callerId ? { callerId: instructions.callerId } : {}),
    record: instructions.record ? 'record-from-answer-dual' : 'do-not-record',
    ...(instructions.record
      ? {
          recordingStatusCallback: instructions.callbackUrl,
          recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
        }
      : {}),
  });
  dial.number(
    {
      statusCallback: instructions.callbackUrl,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    },
    instructions.toNumber,
  );
  return response.toString();
}
