import { randomUUID } from 'node:crypto';
import { AcsRequestError } from './calls';
import { signAccessToken } from './keys';
import type { AcsState, Identity } from './types';

/** ACS's token lifetime bounds (minutes) and its default when the request names none (24 hours). */
export const TOKEN_MINUTES = { min: 60, max: 1440, default: 1440 } as const;
const SCOPES = new Set(['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join']);

export type IssuedToken = { token: string; expiresOn: string };

function lifetime(expiresInMinutes: unknown): number {
  if (expiresInMinutes === undefined || expiresInMinutes === null) return TOKEN_MINUTES.default;
  if (
    typeof expiresInMinutes !== 'number' ||
    !Number.isInteger(expiresInMinutes) ||
    expiresInMinutes < TOKEN_MINUTES.min ||
    expiresInMinutes > TOKEN_MINUTES.max
  )
    throw new AcsRequestError(
      400,
      'ValidationError',
      `The tokenExpiresInMinutes must be between ${TOKEN_MINUTES.min} and ${TOKEN_MINUTES.max} minutes.`,
    );
  return expiresInMinutes;
}

function checkScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && SCOPES.has(s)))
    throw new AcsRequestError(400, 'ValidationError', `Scopes must be a non-empty list of: ${[...SCOPES].join(', ')}.`);
  return scopes as string[];
}

export function createIdentity(state: AcsState): Identity {
  const identity: Identity = {
    id: `8:acs:${state.resourceId}_${randomUUID()}`,
    createdAt: new Date(),
    tokensRevokedAt: null,
  };
  state.identities.set(identity.id, identity);
  return identity;
}

export function requireIdentity(state: AcsState, id: string): Identity {
  const identity = state.identities.get(id);
  if (!identity) throw new AcsRequestError(404, 'IdentityNotFound', `Identity ${id} was not found.`);
  return identity;
}

/** Signs a token for the identity with the scopes and lifetime asked for (validated as ACS validates them). */
export async function issueToken(
  state: AcsState,
  identity: Identity,
  body: { scopes?: unknown; expiresInMinutes?: unknown },
): Promise<IssuedToken> {
  const scopes = checkScopes(body.scopes);
  const minutes = lifetime(body.expiresInMinutes);
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + minutes * 60_000);
  const token = await signAccessToken(state.keys, {
    userId: identity.id,
    scopes,
    resourceId: state.resourceId,
    issuedAt,
    expiresAt,
  });
  return { token, expiresOn: expiresAt.toISOString() };
}

/** `POST /identities` with an optional token in the same request. */
export async function createUser(
  state: AcsState,
  body: { createTokenWithScopes?: unknown; expiresInMinutes?: unknown },
): Promise<{ identity: { id: string }; accessToken?: IssuedToken }> {
  if (body.createTokenWithScopes !== undefined) checkScopes(body.createTokenWithScopes);
  if (body.createTokenWithScopes === undefined && body.expiresInMinutes !== undefined)
    throw new AcsRequestError(400, 'ValidationError', 'expiresInMinutes needs createTokenWithScopes.');
  lifetime(body.expiresInMinutes);
  const identity = createIdentity(state);
  if (body.createTokenWithScopes === undefined) return { identity: { id: identity.id } };
  const accessToken = await issueToken(state, identity, {
    scopes: body.createTokenWithScopes,
    expiresInMinutes: body.expiresInMinutes,
  });
  return { identity: { id: identity.id }, accessToken };
}
