import { type JWTPayload, createRemoteJWKSet, jwtVerify } from 'jose';

/** Where and what to check: ACS's JWKS (or the emulator's), the resource's immutable id, the Call Automation issuer. */
export type AcsCallbackVerifierOptions = { jwksUrl: string; audience: string; issuer: string };

/** Checks the bearer token on a Call Automation callback. */
export type AcsCallbackVerifier = {
  /** Resolves with the token's claims, or rejects (missing header, bad signature, audience, issuer or expiry). */
  verify(authorization: string | null | undefined): Promise<JWTPayload>;
};

export class AcsCallbackRejected extends Error {
  override name = 'AcsCallbackRejected';
}

/**
 * A verifier for callback tokens (RS256, keys fetched from `jwksUrl` and cached by jose). Over https to the
 * emulator the process must trust its certificate (`tls.setDefaultCACertificates`, as the embedded Graph does).
 */
export function createAcsCallbackVerifier(options: AcsCallbackVerifierOptions): AcsCallbackVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  return {
    async verify(authorization) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!token) throw new AcsCallbackRejected('missing bearer token');
      try {
        const { payload } = await jwtVerify(token, keys, {
          audience: options.audience,
          issuer: options.issuer,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'iat'],
        });
        return payload;
      } catch (error) {
        throw new AcsCallbackRejected(error instanceof Error ? error.message : String(error), { cause: error });
      }
    },
  };
}
