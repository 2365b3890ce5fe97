import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from '../emulator/receiver';
import { type AcsEmulator, startAcsEmulator } from '../emulator/server';
import { createAcsProvider } from '../provider/provider';
import { type AcsCallbackVerifier, createAcsCallbackVerifier } from './verifier';

describe('ACS callback verifier', () => {
  let emulator: AcsEmulator;
  let receiver: CallbackReceiver;
  let verifier: AcsCallbackVerifier;
  const defaults = getCACertificates('default');
  beforeAll(async () => {
    [emulator, receiver] = await Promise.all([startAcsEmulator(), startCallbackReceiver()]);
    setDefaultCACertificates([...defaults, emulator.caPem]);
    verifier = createAcsCallbackVerifier({
      jwksUrl: emulator.jwksUrl,
      audience: emulator.resourceId,
      issuer: emulator.callbackIssuer,
    });
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await Promise.all([emulator.close(), receiver.close()]);
  });

  /** A token like the emulator's (same kid) but signed with another key. */
  async function forged(options: { audience?: string } = {}) {
    const { privateKey } = await generateKeyPair('RS256');
    const jwks = (await (await fetch(emulator.jwksUrl)).json()) as { keys: { kid: string }[] };
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: jwks.keys[0]?.kid ?? '' })
      .setIssuer(emulator.callbackIssuer)
      .setAudience(options.audience ?? emulator.resourceId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  }

  it("accepts the emulator's callback token (five minutes, audience = resource id, ACS's issuer)", async () => {
    const provider = createAcsProvider({ connectionString: emulator.connectionString, maxRetries: 0 });
    const rep = await provider.ensureIdentity(null);
    await provider.placeCall!({
      callId: 'v1',
      repIdentity: rep,
      toNumber: '+1555',
      fromNumber: null,
      callbackUrl: receiver.url,
    });
    await receiver.waitForEvent('CallConnected');
    const claims = await verifier.verify(receiver.received[0]?.authorization);
    expect(claims).toMatchObject({
      aud: emulator.resourceId,
      iss: 'https://acscallautomation.communication.azure.com',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    const openid = (await (await fetch(`${emulator.url}/calling/.well-known/acsopenidconfiguration`)).json()) as Record<
      string,
      string
    >;
    expect(openid).toMatchObject({ issuer: emulator.callbackIssuer, jwks_uri: emulator.jwksUrl });
  });

  it('refuses a missing header, another key, a wrong audience and an expired token', async () => {
    await expect(verifier.verify(undefined)).rejects.toThrow(/missing bearer/);
    await expect(verifier.verify('Basic abc')).rejects.toThrow(/missing bearer/);
    await expect(verifier.verify(`Bearer ${await forged()}`)).rejects.toThrow(/signature/);
    await expect(verifier.verify(`Bearer ${await forged({ audience: 'someone-else' })}`)).rejects.toThrow();
    const other = createAcsCallbackVerifier({
      jwksUrl: emulator.jwksUrl,
      audience: 'another-resource',
      issuer: emulator.callbackIssuer,
    });
    const genuine = receiver.received[0]?.authorization;
    await expect(other.verify(genuine)).rejects.toThrow(/aud/);
    const wrongIssuer = createAcsCallbackVerifier({
      jwksUrl: emulator.jwksUrl,
      audience: emulator.resourceId,
      issuer: 'https://evil.example',
    });
    await expect(wrongIssuer.verify(genuine)).rejects.toThrow(/iss/);
  });

  it('refuses a genuine token once its five minutes are over', async () => {
    const genuine = receiver.received[0]?.authorization;
    await expect(verifier.verify(genuine)).resolves.toBeTruthy();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 6 * 60_000);
      await expect(verifier.verify(genuine)).rejects.toThrow(/exp/);
    } finally {
      vi.useRealTimers();
    }
  });
});
