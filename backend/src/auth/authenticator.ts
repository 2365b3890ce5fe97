import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Knex } from 'knex';
import type { Role } from '@pivotal-pm/sdk';
import type { Config } from '#config';
import { ApiError } from '#http/errors';
import type { Principal } from '#http/types';
import { systemScope, withTenant } from '#db/tenantTx';
import { UUID_PATTERN } from '#db/ids';
import { findUserById, findUserForToken, principalFromAssignments } from './principals';
import { DEV_ISSUER, EMBED_ISSUER, PIVOTAL_AUDIENCE, type EmbedScope } from './tokens';

/** Resolves the Authorization header of a request into a principal, or throws 401. */
export type Authenticator = {
  authenticate(header: string | undefined): Promise<Principal>;
  /** Forgets cached principals of a tenant (after role or user changes). */
  invalidate(tenantId: string): void;
};

export type AuthenticatorDeps = {
  knex: Knex;
  config: Pick<Config, 'devAuth' | 'entra'>;
  devKeys: JWTVerifyGetKey;
  embedKeys: JWTVerifyGetKey;
  /** Entra's JWKS; defaults to the remote set at config.entra.jwksUrl. */
  entraKeys?: JWTVerifyGetKey;
  cacheTtlMs?: number;
};

// The key id is a strict UUID: anything else (36 dashes) is not a key and never reaches the database's uuid cast.
const API_KEY = new RegExp(`^pvk_(${UUID_PATTERN})\\.([A-Za-z0-9_-]{20,})$`, 'i');

/** Hash stored for an API key secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const unauthenticated = (why: string) => new ApiError('unauthenticated', why);

/** Least time between two writes of an API key's `last_used_at` or a user's `last_sign_in_at`. */
const TOUCH_INTERVAL_MS = 60_000;

/** Builds the authenticator: dev issuer, embed tokens, Entra ID access tokens and API keys. */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const ttl = deps.cacheTtlMs ?? 30_000;
  const entraKeys =
    deps.entraKeys ?? createRemoteJWKSet(new URL(deps.config.entra.jwksUrl), { cacheMaxAge: 3_600_000 });
  const cache = new Map<string, { principal: Principal; until: number }>();

  const remember = (key: string, principal: Principal, expSeconds?: number) => {
    if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
    const until = Math.min(Date.now() + ttl, expSeconds ? expSeconds * 1000 : Infinity);
    cache.set(key, { principal, until });
    return principal;
  };

  // Last use of API keys and last sign-in of users: written at most once per TOUCH_INTERVAL_MS per key or user
  // (in memory, per process), fire-and-forget so that it never delays nor fails the request it comes from.
  const touched = new Map<string, number>();
  const touch = (key: string, tenantId: string, write: (trx: Knex.Transaction, at: Date) => Promise<unknown>) => {
    const now = Date.now();
    if ((touched.get(key) ?? -Infinity) > now - TOUCH_INTERVAL_MS) return;
    if (touched.size > 10_000) {
      for (const [k, at] of touched) if (at <= now - TOUCH_INTERVAL_MS) touched.delete(k);
      if (touched.size > 10_000) touched.delete(touched.keys().next().value as string);
    }
    touched.set(key, now);
    void withTenant(deps.knex, systemScope(tenantId), (trx) => write(trx, new Date(now))).catch(() => {
      // Best effort: a failed stamp is retried on a later request rather than reported.
      if (touched.get(key) === now) touched.delete(key);
    });
  };

  async function fromUserToken(payload: JWTPayload, tenantId: string, linkByEmail: boolean): Promise<Principal> {
    const oid = typeof payload.oid === 'string' ? payload.oid : undefined;
    if (!oid) throw unauthenticated('Token has no oid claim');
    const email = typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined;
    const user = await findUserForToken(deps.knex, tenantId, oid, email, linkByEmail);
    if (!user || !user.active) throw unauthenticated('No active user for this token in the tenant');
    touch(`user:${tenantId}:${user.id}`, tenantId, (trx, at) =>
      trx('users').where({ tenantId, id: user.id }).update({ lastSignInAt: at }),
    );
    return principalFromAssignments(tenantId, user);
  }

  async function tenantByEntra(tid: string): Promise<string> {
    const res = await deps.knex.raw('select id from auth_tenant_by_entra(?)', [tid]);
    const id = res.rows[0]?.id as string | undefined;
    if (!id) throw unauthenticated('Tenant is not onboarded');
    return id;
  }

  async function fromEmbed(payload: JWTPayload): Promise<Principal> {
    const tenantId = String(payload.tid);
    const scope = payload.pv_scope as EmbedScope | undefined;
    if (scope?.type === 'user') {
      const user = await findUserById(deps.knex, tenantId, scope.userId);
      if (!user || !user.active) throw unauthenticated('Embedded user is not active');
      return { ...principalFromAssignments(tenantId, user), kind: 'embed', actor: `embed:${payload.jti}` };
    }
    if (scope?.type === 'client') {
      return {
        kind: 'embed',
        tenantId,
        userId: null,
        roles: ['clientViewer'],
        clientIds: [scope.clientId],
        actor: `embed:${payload.jti}`,
      };
    }
    throw unauthenticated('Embed token has no scope');
  }

  async function fromApiKey(keyId: string, secret: string): Promise<Principal> {
    const res = await deps.knex.raw('select * from auth_api_key(?)', [keyId]);
    const row = res.rows[0] as
      | { tenant_id: string; key_hash: string; role: Role; client_ids: string[] | null; revoked_at: Date | null }
      | undefined;
    const given = Buffer.from(hashSecret(secret), 'hex');
    const ok = row && !row.revoked_at && timingSafeEqual(given, Buffer.from(row.key_hash, 'hex'));
    if (!ok) throw unauthenticated('Invalid API key');
    const clientIds = row.client_ids && row.client_ids.length > 0 ? row.client_ids : null;
    touch(`apiKey:${keyId}`, row.tenant_id, (trx, at) =>
      trx('apiKeys').where({ tenantId: row.tenant_id, id: keyId }).update({ lastUsedAt: at }),
    );
    return {
      kind: 'apiKey',
      tenantId: row.tenant_id,
      userId: null,
      roles: [row.role],
      clientIds,
      actor: `apiKey:${keyId}`,
    };
  }

  async function resolve(token: string): Promise<Principal> {
    const apiKey = API_KEY.exec(token);
    if (apiKey) return remember(token, await fromApiKey(apiKey[1]!, apiKey[2]!));
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw unauthenticated('Malformed bearer token');
    }
    try {
      if (claims.iss === DEV_ISSUER) {
        if (!deps.config.devAuth) throw unauthenticated('The dev issuer is disabled');
        const { payload } = await jwtVerify(token, deps.devKeys, { issuer: DEV_ISSUER, audience: PIVOTAL_AUDIENCE });
        return remember(
          token,
          await fromUserToken(payload, await tenantByEntra(String(payload.tid)), false),
          payload.exp,
        );
      }
      if (claims.iss === EMBED_ISSUER) {
        const { payload } = await jwtVerify(token, deps.embedKeys, {
          issuer: EMBED_ISSUER,
          audience: PIVOTAL_AUDIENCE,
        });
        return remember(token, await fromEmbed(payload), payload.exp);
      }
      const tid = typeof claims.tid === 'string' ? claims.tid : '';
      if (!deps.config.entra.audience || !tid) throw unauthenticated('Unknown token issuer');
      const issuer = deps.config.entra.issuerTemplate.replace('{tid}', tid);
      const { payload } = await jwtVerify(token, entraKeys, { issuer, audience: deps.config.entra.audience });
      return remember(token, await fromUserToken(payload, await tenantByEntra(tid), true), payload.exp);
    } catch (err) {
      // Only token verification failures are the caller's fault; anything else is ours (500).
      const code = (err as { code?: string }).code;
      if (typeof code === 'string' && code.startsWith('ERR_J'))
        throw unauthenticated(`Invalid token: ${(err as Error).message}`);
      throw err;
    }
  }

  return {
    async authenticate(header) {
      // RFC 9110 section 11.1: the auth scheme is case-insensitive (`bearer`, `BEARER`).
      const token = header ? /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1] : undefined;
      if (!token) throw unauthenticated('Missing bearer token');
      const hit = cache.get(token);
      if (hit && hit.until > Date.now()) return hit.principal;
      if (hit) cache.delete(token);
      return resolve(token);
    },
    invalidate(tenantId) {
      for (const [k, v] of cache) if (v.principal.tenantId === tenantId) cache.delete(k);
    },
  };
}
