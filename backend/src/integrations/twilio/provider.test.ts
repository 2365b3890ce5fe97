import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TelephonyError } from '../telephony/port';
import { createTwilioProvider, TWILIO_TOKEN_TTL_SEC, type TwilioConfig } from './provider';

const config: TwilioConfig = {
  accountSid: 'AC00000000000000000000000000000001',
  apiKeySid: 'SK00000000000000000000000000000002',
  apiKeySecret: 'test-api-key-secret',
  outgoingApplicationSid: 'AP00000000000000000000000000000003',
  authToken: 'test-auth-token',
};

describe('createTwilioProvider', () => {
  const provider = createTwilioProvider(config);

  it('is the browser-placed twilio provider', () => {
    expect(provider.name).toBe('twilio');
    expect(provider.serverPlaced).toBe(false);
    expect(provider.placeCall).toBeUndefined();
  });

  it('keeps an existing identity and mints opaque new ones', async () => {
    expect(await provider.ensureIdentity('pivotal_abc')).toBe('pivotal_abc');
    const a = await provider.ensureIdentity(null);
    const b = await provider.ensureIdentity('');
    expect(a).toMatch(/^pivotal_[0-9a-f]{32}$/);
    expect(b).toMatch(/^pivotal_[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it('issues an hour-long Access Token with a voice grant for the identity', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAt, identity } = await provider.issueToken('pivotal_rep1');
    expect(identity).toBe('pivotal_rep1');

    const claims = decodeJwt(token);
    expect(claims.iss).toBe(config.apiKeySid);
    expect(claims.sub).toBe(config.accountSid);
    expect(claims.grants).toEqual({
      identity: 'pivotal_rep1',
      voice: { incoming: { allow: true }, outgoing: { application_sid: config.outgoingApplicationSid } },
    });
    expect(claims.exp! - claims.iat!).toBe(TWILIO_TOKEN_TTL_SEC);
    expect(claims.iat!).toBeGreaterThanOrEqual(before);
    expect(expiresAt.getTime()).toBe(claims.exp! * 1000);

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', cty: 'twilio-fpa;v=1' });
    // Signed with the API key's secret (and nothing else).
    await expect(jwtVerify(token, new TextEncoder().encode(config.apiKeySecret))).resolves.toBeTruthy();
    await expect(jwtVerify(token, new TextEncoder().encode('another-secret'))).rejects.toThrow();
  });

  it('refuses an empty identity', async () => {
    await expect(provider.issueToken('')).rejects.toBeInstanceOf(TelephonyError);
  });

  it('refuses missing or swapped settings', () => {
    expect(() => createTwilioProvider({ ...config, apiKeySecret: '' })).toThrow(/apiKeySecret/);
    expect(() => createTwilioProvider({ ...config, apiKeySid: config.accountSid })).toThrow(
      /apiKeySid must start with SK/,
    );
    expect(() => createTwilioProvider({ ...config, outgoingApplicationSid: 'PN123' })).toThrow(/AP/);
  });
});
