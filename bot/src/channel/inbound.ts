import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** The issuer of the tokens the Bot Connector service signs. */
export const BOT_CONNECTOR_ISSUER = 'https://api.botframework.com';
/** Microsoft's OpenID metadata for the Bot Connector service (production). */
export const BOT_CONNECTOR_OPENID = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

/** Why an inbound request was refused (answered 401, nothing done). */
export class UnauthorizedActivity extends Error {
  override name = 'UnauthorizedActivity';
}

/** Checks the bearer token of an inbound activity; resolves with its claims or rejects with `UnauthorizedActivity`. */
export type InboundAuth = (authorization: string | undefined, activity: { serviceUrl: string }) => Promise<JWTPayload>;

const METADATA_TTL_MS = 24 * 3_600_000;

/**
 * Authenticates activities the way the Bot Connector service signs them: an RS256 JWT whose key is in the key set
 * named by the OpenID metadata (fetched and kept a day; jose refetches the keys when a new `kid` appears), issued by
 * `https://api.botframework.com`, for the bot's app id, unexpired (5 minutes of clock skew), and whose `serviceurl`
 * claim is the activity's service URL (so a token cannot send the bot to another host).
 */
export function createInboundAuth(opts: {
  appId: string;
  openIdMetadataUrl?: string;
  issuer?: string;
  fetch?: typeof fetch;
}): InboundAuth {
  const metadataUrl = opts.openIdMetadataUrl ?? BOT_CONNECTOR_OPENID;
  const get = opts.fetch ?? fetch;
  let keys: { set: ReturnType<typeof createRemoteJWKSet>; until: number } | null = null;
  async function keySet() {
    if (keys && keys.until > Date.now()) return keys.set;
    const res = await get(metadataUrl);
    if (!res.ok) throw new Error(`OpenID metadata ${metadataUrl} answered ${res.status}`);
    const { jwks_uri: jwksUri } = (await res.json()) as { jwks_uri?: string };
    if (!jwksUri) throw new Error(`OpenID metadata ${metadataUrl} names no jwks_uri`);
    keys = { set: createRemoteJWKSet(new URL(jwksUri)), until: Date.now() + METADATA_TTL_MS };
    return keys.set;
  }
  return async (authorization, activity) => {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedActivity('no bearer token');
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, await keySet(), {
        issuer: opts.issuer ?? BOT_CONNECTOR_ISSUER,
        audience: opts.appId,
        algorithms: ['RS256'],
        clockTolerance: 300,
      }));
    } catch (error) {
      throw new UnauthorizedActivity((error as Error).message);
    }
    const serviceUrl = claims.serviceurl ?? claims.serviceUrl;
    if (typeof serviceUrl !== 'string' || trim(serviceUrl) !== trim(activity.serviceUrl))
      throw new UnauthorizedActivity("the token's serviceurl is not the activity's");
    return claims;
  };
}

const trim = (url: string) => url.replace(/\/+$/, '').toLowerCase();
