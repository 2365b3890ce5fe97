import { describe, expect, it } from 'vitest';
import { TelephonyError } from '#integrations/telephony/port';
import { acsEventsToSignals } from '../callbacks/signals';
import { createAcsCallbackVerifier } from '../callbacks/verifier';
import { FROM, useAcsHarness } from './testHarness';

describe('ACS provider against the emulator: identity, calls, consent', () => {
  const acs = useAcsHarness();
  const { waitFor, byContext, placed } = acs;
  it('issues a short-lived VoIP token for an identity it keeps', async () => {
    const identity = await acs.provider.ensureIdentity(null);
    expect(await acs.provider.ensureIdentity(identity)).toBe(identity);
    const token = await acs.provider.issueToken(identity);
    expect(token.identity).toBe(identity);
    expect(token.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(token.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
  });

  it('places a call: CallConnected (signed callback) → dialCustomer → AddParticipantSucceeded → hangUp', async () => {
    const call = await placed('call-full');
    expect(call.providerCallId).toBeTruthy();
    expect(call.serverCallId).toBeTruthy();
    const verifier = createAcsCallbackVerifier({
      jwksUrl: acs.emulator.jwksUrl,
      audience: acs.emulator.resourceId,
      issuer: acs.emulator.callbackIssuer,
    });
    await expect(verifier.verify(acs.receiver.received[0]?.authorization)).resolves.toMatchObject({
      aud: acs.emulator.resourceId,
    });
    await acs.provider.dialCustomer!({
      providerCallId: call.providerCallId,
      callId: 'call-full',
      toNumber: '+15551230001',
      fromNumber: FROM,
    });
    const added = await waitFor(acs.receiver, 'AddParticipantSucceeded', byContext('call-full'));
    expect(added.data).toMatchObject({
      callConnectionId: call.providerCallId,
      serverCallId: call.serverCallId,
      participant: { phoneNumber: { value: '+15551230001' } },
    });
    await acs.provider.hangUp!(call.providerCallId);
    await waitFor(acs.receiver, 'CallDisconnected', byContext('call-full'));
    const kinds = acsEventsToSignals(acs.receiver.events()).map((s) => s.kind);
    expect(kinds).toEqual(['ringing', 'connected', 'ended']);
    expect(new Set(acs.receiver.events().map((e) => e.id)).size).toBe(acs.receiver.events().length);
  });

  it('reports no answer (408) and busy (486) as AddParticipantFailed', async () => {
    acs.emulator.control.setNumber('+15551230002', { outcome: 'noAnswer', ringMs: 20 });
    acs.emulator.control.setNumber('+15551230003', { outcome: 'busy' });
    for (const [callId, toNumber, code] of [
      ['call-408', '+15551230002', 408],
      ['call-486', '+15551230003', 486],
    ] as const) {
      const call = await placed(callId);
      await acs.provider.dialCustomer!({ providerCallId: call.providerCallId, callId, toNumber, fromNumber: FROM });
      const failed = await waitFor(acs.receiver, 'AddParticipantFailed', byContext(callId));
      expect(failed.data.resultInformation.code).toBe(code);
      const [signal] = acsEventsToSignals([failed]);
      expect(signal).toMatchObject({ kind: 'failed', callId, reason: code === 408 ? '408 no answer' : '486 busy' });
    }
  });

  it('refuses to dial without a caller ID', async () => {
    await expect(
      acs.provider.dialCustomer!({ providerCallId: 'x', callId: 'x', toNumber: '+15551230009', fromNumber: null }),
    ).rejects.toBeInstanceOf(TelephonyError);
  });

  it('prompts for consent: digit 1 gives consent, silence refuses', async () => {
    acs.emulator.control.setNumber('+15551230005', { digit: null, digitAfterMs: 10 });
    for (const [callId, toNumber, kind] of [
      ['consent-yes', '+15551230004', 'consent_given'],
      ['consent-no', '+15551230005', 'consent_refused'],
    ] as const) {
      const call = await placed(callId);
      await acs.provider.dialCustomer!({ providerCallId: call.providerCallId, callId, toNumber, fromNumber: FROM });
      await waitFor(acs.receiver, 'AddParticipantSucceeded', byContext(callId));
      await acs.provider.promptConsent!({
        providerCallId: call.providerCallId,
        callId,
        toNumber,
        text: 'This call is recorded. Press 1 to agree.',
      });
      const answer = await waitFor(
        acs.receiver,
        kind === 'consent_given' ? 'RecognizeCompleted' : 'RecognizeFailed',
        byContext(callId),
      );
      if (kind === 'consent_given') expect(answer.data.dtmfResult.tones).toEqual(['one']);
      expect(acsEventsToSignals([answer])[0]).toMatchObject({ kind, callId });
    }
  });
});
