import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readTokenPayload, signToken, verifyToken } from './signedToken';

describe('signed tokens', () => {
  const key = randomBytes(32);

  it('verifies its own tokens and reads their payload back', () => {
    const token = signToken(key, ['a', 1, null], 'track:');
    expect(verifyToken(key, token, 'track:')).toBe(true);
    expect(readTokenPayload(token)).toEqual(['a', 1, null]);
  });

  it('refuses another key, another domain, a changed payload and extra or missing parts', () => {
    const token = signToken(key, { t: 'x' }, 'track:');
    const [body, sig] = token.split('.') as [string, string];
    expect(verifyToken(randomBytes(32), token, 'track:')).toBe(false);
    expect(verifyToken(key, token, '')).toBe(false);
    const forged = Buffer.from(JSON.stringify({ t: 'y' })).toString('base64url');
    expect(verifyToken(key, `${forged}.${sig}`, 'track:')).toBe(false);
    expect(verifyToken(key, `${token}.x`, 'track:')).toBe(false);
    expect(verifyToken(key, body, 'track:')).toBe(false);
    expect(verifyToken(key, `${body}.${sig}=`, 'track:')).toBe(false);
  });

  it('reads undefined from a payload that is not base64url JSON', () => {
    expect(readTokenPayload('!!!.sig')).toBeUndefined();
  });
});
