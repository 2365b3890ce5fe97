import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { twilioStatusToSignal, verifyTwilioSignature } from './callbacks';

const authToken = 'test-auth-token';
const url = 'https://api.pivotal.test/api/v1/telephony/twilio/calls/call-1/status?tenant=t1';

/** Twilio's scheme, written out independently: HMAC-SHA1 over the URL then each sorted name + value. */
function sign(token: string, signedUrl: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], signedUrl);
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

const form = {
  CallSid: 'CA11111111111111111111111111111111',
  CallStatus: 'completed',
  CallDuration: '42',
  Timestamp: 'Tue, 03 Mar 2026 10:15:30 +0000',
  SequenceNumber: '3',
  From: 'client:pivotal_rep1',
  To: '+15551234567',
};

describe('verifyTwilioSignature', () => {
  const signature = sign(authToken, url, form);

  it('accepts a signature over the full URL and the sorted params', () => {
    expect(verifyTwilioSignature({ authToken, url, params: form, signature })).toBe(true);
  });

  it('refuses a tampered param, another URL, another token or no signature', () => {
    expect(verifyTwilioSignature({ authToken, url, params: { ...form, CallDuration: '4200' }, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url, params: { ...form, Extra: 'x' }, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url: url.replace('call-1', 'call-2'), params: form, signature })).toBe(
      false,
    );
    expect(verifyTwilioSignature({ authToken: 'another-token', url, params: form, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url, params: form, signature: undefined })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url: 'not a url', params: form, signature })).toBe(false);
  });
});

describe('twilioStatusToSignal', () => {
  const now = new Date('2026-03-03T12:00:00Z');
  const call = (CallStatus: string, extra: Record<string, string> = {}) =>
    twilioStatusToSignal({ ...form, CallStatus, ...extra }, 'call-1', now);

  it('maps call statuses', () => {
    expect(call('ringing')).toMatchObject({ kind: 'ringing', callId: 'call-1', providerCallId: form.CallSid });
    expect(call('in-progress')).toMatchObject({ kind: 'connected' });
    expect(call('completed')).toMatchObject({ kind: 'ended', durationSec: 42 });
    expect(call('busy')).toMatchObject({ kind: 'failed', reason: '486 busy' });
    expect(call('no-answer')).toMatchObject({ kind: 'failed', reason: '408 no answer' });
    expect(call('canceled')).toMatchObject({ kind: 'failed', reason: '487 canceled' });
    expect(call('failed')).toMatchObject({ kind: 'failed', reason: 'failed' });
  });

  it('answers null for statuses the domain does not use, unknown ones and missing ids', () => {
    expect(call('queued')).toBeNull();
    expect(call('initiated')).toBeNull();
    expect(call('answered-by-robot')).toBeNull();
    expect(twilioStatusToSignal({ CallStatus: 'ringing' }, 'call-1')).toBeNull();
    expect(twilioStatusToSignal({}, 'call-1')).toBeNull();
  });

  it('reads Twilio’s Timestamp, and falls back to now', () => {
    expect(call('ringing')!.at.toISOString()).toBe('2026-03-03T10:15:30.000Z');
    expect(call('ringing', { Timestamp: '' })!.at).toEqual(now);
    expect(call('completed', { CallDuration: '' })).not.toHaveProperty('durationSec');
  });

  it('gives a retried callback the same event id, and another status or sequence another one', () => {
    const first = call('in-progress');
    const retry = twilioStatusToSignal({ ...form, CallStatus: 'in-progress' }, 'call-1');
    expect(retry!.eventId).toBe(first!.eventId);
    expect(call('completed')!.eventId).not.toBe(first!.eventId);
    expect(call('in-progress', { SequenceNumber: '4' })!.eventId).not.toBe(first!.eventId);
  });

  const recordingForm = {
    CallSid: form.CallSid,
    RecordingSid: 'RE22222222222222222222222222222222',
    RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE22222222222222222222222222222222',
    RecordingDuration: '40',
    RecordingStartTime: 'Tue, 03 Mar 2026 10:14:50 +0000',
  };
  const recording = (RecordingStatus: string) =>
    twilioStatusToSignal({ ...recordingForm, RecordingStatus }, 'call-1', now);

  it('maps recording statuses', () => {
    expect(recording('in-progress')).toMatchObject({
      kind: 'recording_started',
      recordingId: recordingForm.RecordingSid,
      providerCallId: form.CallSid,
    });
    expect(recording('completed')).toMatchObject({
      kind: 'recording_ready',
      recordingId: recordingForm.RecordingSid,
      recordingUrl: recordingForm.RecordingUrl,
      durationSec: 40,
    });
    expect(recording('absent')).toMatchObject({ kind: 'recording_stopped', reason: 'absent' });
    expect(recording('paused')).toBeNull();
    expect(twilioStatusToSignal({ RecordingStatus: 'completed', CallSid: form.CallSid }, 'call-1')).toBeNull();
  });

  it('gives a retried recording callback the same event id', () => {
    expect(recording('completed')!.eventId).toBe(recording('completed')!.eventId);
    expect(recording('completed')!.eventId).not.toBe(recording('in-progress')!.eventId);
  });
});
