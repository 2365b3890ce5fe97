import { SignJWT, generateKeyPair } from 'jose';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { uuidv7 } from '#db/ids';
import { applySignals } from '#domains/calls/signals';
import { openText } from '#security/sealing';
import { createTestApp, type TestApp } from '../../helpers/app';
import { buildCallWorld, waitForCall, type CallWorld } from './world';

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
  TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
  TWILIO_API_KEY_SECRET: 'twilio-api-key-secret',
  TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'twilio-auth-token',
};

describe('provider callbacks', () => {
  let t: TestApp;
  let w: CallWorld;
  beforeAll(async () => {
    t = await createTestApp({ telephony: true, env: TWILIO });
    w = await buildCallWorld(t);
  });
  afterAll(async () => t?.close());

  const start = async (input: Record<string, unknown>) => {
    const res = await t.call('call.start', input, w.acme.users.salesRep.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data as { id: string };
  };
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${t.baseUrl}${path}`, { method: 'POST', body, headers });

  it('refuses ACS events without ACS’s token, and applies a replayed event once', async () => {
    const call = await start({ contactId: w.contactId });
    await waitForCall(t.db.ownerKnex, call.id, (r) => r.status === 'connected');
    const path = `/api/calls/acs/events/${w.acme.id}/${call.id}`;
    const hangUp = JSON.stringify([
      {
        id: 'evt-1',
        type: 'Microsoft.Communication.CallDisconnected',
        time: new Date().toISOString(),
        data: { operationContext: call.id, callConnectionId: 'x' },
      },
    ]);
    const json = { 'content-type': 'application/json' };
    expect((await post(path, hangUp, json)).status).toBe(401);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://acscallautomation.communication.azure.com')
      .setAudience(t.acs!.resourceId)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await post(path, hangUp, { ...json, authorization: `Bearer ${forged}` })).status).toBe(401);
    expect(await t.db.ownerKnex('callSessions').where({ id: call.id }).first('status')).toEqual({
      status: 'connected',
    });
    // The emulator's own hang-up comes signed; the same event id twice counts once.
    t.acs!.control.repHangUp(t.acs!.control.calls().find((c) => c.operationContext === call.id)!.callConnectionId);
    const ended = await waitForCall(t.db.ownerKnex, call.id, (r) => r.status === 'ended');
    const signals = await t.db.ownerKnex('callSignals').where({ callId: call.id, kind: 'ended' });
    expect(signals).toHaveLength(1);
    const engagements = await t.db.ownerKnex('engagements').whereRaw(`meta->>'callId' = ?`, [call.id]);
    expect(engagements).toHaveLength(1);
    expect(ended.engagementId).toBe(engagements[0].id);
  });

  it('answers Event Grid’s handshake only with the subscription key', async () => {
    const handshake = JSON.stringify([
      { eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc' } },
    ]);
    const json = { 'content-type': 'application/json' };
    expect((await post('/api/calls/acs/recordings?key=wrong', handshake, json)).status).toBe(401);
    const key = t.services && (await import('#domains/calls/runtime')).telephonyRuntime()!.acsCallbacks!.eventGridKey;
    const ok = await post(`/api/calls/acs/recordings?key=${key}`, handshake, json);
    expect(await ok.json()).toEqual({ validationResponse: 'abc' });
  });

  it('follows a Twilio call from its signed status callbacks, and refuses unsigned ones', async () => {
    const call = await start({ contactId: w.contactId, provider: 'twilio' });
    const path = `/api/calls/twilio/events/${w.acme.id}/${call.id}`;
    const url = `${t.baseUrl}${path}`;
    const send = (params: Record<string, string>, token = TWILIO.TWILIO_AUTH_TOKEN) =>
      post(path, new URLSearchParams(params).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': getExpectedTwilioSignature(token, url, params),
      });
    const base = { CallSid: 'CA1', AccountSid: TWILIO.TWILIO_ACCOUNT_SID };
    expect((await send({ ...base, CallStatus: 'in-progress', SequenceNumber: '1' }, 'not-the-token')).status).toBe(401);
    expect((await send({ ...base, CallStatus: 'ringing', SequenceNumber: '0' })).status).toBe(204);
    expect((await send({ ...base, CallStatus: 'in-progress', SequenceNumber: '1' })).status).toBe(204);
    const done = { ...base, CallStatus: 'completed', CallDuration: '37', SequenceNumber: '2' };
    expect((await send(done)).status).toBe(204);
    expect((await send(done)).status).toBe(204);
    const row = await waitForCall(t.db.ownerKnex, call.id, (r) => r.status === 'ended');
    expect([row.durationSec, row.providerCallId]).toEqual([37, 'CA1']);
    expect(await t.db.ownerKnex('callSignals').where({ callId: call.id })).toHaveLength(3);
  });

  it('answers the TwiML app’s voice request with the session’s number, only for the rep’s own browser', async () => {
    const call = await start({ contactId: w.contactId, provider: 'twilio' });
    const sealed = await t.db
      .ownerKnex('callIdentities')
      .where({ userId: w.acme.users.salesRep.id, provider: 'twilio' })
      .first('identitySealed');
    const identity = await openText(t.db.ownerKnex, w.acme.id, sealed.identitySealed);
    const url = `${t.baseUrl}/api/calls/twilio/voice`;
    const voice = (params: Record<string, string>, token = TWILIO.TWILIO_AUTH_TOKEN) =>
      post('/api/calls/twilio/voice', new URLSearchParams(params).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': getExpectedTwilioSignature(token, url, params),
      });
    const asked = { TenantId: w.acme.id, CallId: call.id, From: `client:${identity}`, To: '+19999999999' };
    const twiml = await (await voice(asked)).text();
    expect(twiml).toContain('>+442079460123</Number>');
    expect(twiml).toContain(`statusCallback="${t.baseUrl}/api/calls/twilio/events/${w.acme.id}/${call.id}"`);
    expect(twiml).not.toContain('+19999999999');
    expect(await (await voice({ ...asked, From: 'client:someone-else' })).text()).toContain('<Reject/>');
    expect((await voice(asked, 'forged')).status).toBe(401);
  });
});

describe('a provider signal that comes before its call is committed', () => {
  let t: TestApp;
  let w: CallWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildCallWorld(t);
  });
  afterAll(async () => t?.close());

  it('waits for the call to appear, and drops a signal of a call that never does', async () => {
    const log = pino({ level: 'silent' });
    const id = uuidv7();
    const signal = { eventId: 'early-1', callId: id, kind: 'ringing' as const, at: new Date() };
    const later = new Promise<void>((resolve) =>
      setTimeout(() => {
        void t.db
          .ownerKnex('callSessions')
          .insert({
            tenantId: w.acme.id,
            id,
            userId: w.acme.users.salesRep.id,
            direction: 'out',
            status: 'initiated',
            provider: 'twilio',
            toNumber: '+442079460123',
          })
          .then(() => resolve());
      }, 200),
    );
    const applied = await applySignals({ knex: t.db.appKnex, log }, w.acme.id, 'twilio', [signal]);
    await later;
    expect(applied).toBe(1);
    expect((await t.db.ownerKnex('callSessions').where({ id }).first('status')).status).toBe('ringing');
    const never = { ...signal, eventId: 'early-2', callId: uuidv7() };
    expect(await applySignals({ knex: t.db.appKnex, log, missingWaitMs: 100 }, w.acme.id, 'twilio', [never])).toBe(0);
  });
});
