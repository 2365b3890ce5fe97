import { randomUUID } from 'node:crypto';
import { type JWK, type JWTPayload, SignJWT, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import type { InboundAuth } from './types';

/** An RS256 key pair with its key id. */
export type SigningKey = { kid: string; privateKey: CryptoKey; publicKey: CryptoKey };

/** The issuer of tokens on activities sent to bots (the Bot Framework's). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The audience of bot → Connector tokens, and the scope a bot asks for (`<audience>/.default`). */
export const CONNECTOR_AUDIENCE = 'https://api.botframework.com';
/** The Entra tenant id of `botframework.com` (multi-tenant bots get their Connector tokens there). */
export const BOT_FRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';

const HOUR = 3_600;

/** Makes an RS256 key pair (extractable, so callers can keep it). */
export async function generateSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey };
}

/** The emulator's keys: published ones that sign activities, an unpublished impostor, and the token key. */
export class EmulatorKeys {
  private constructor(
    private readonly published: SigningKey[],
    private readonly impostor: SigningKey,
    private readonly tokenKey: SigningKey,
    private readonly now: () => number,
  ) {}

  /** Uses the given keys, or makes two (the real service publishes several at once). */
  static async create(now: () => number, keys?: SigningKey[]): Promise<EmulatorKeys> {
    const published = keys?.length ? keys : [await generateSigningKey(), await generateSigningKey()];
    // `wrongKey` reuses the first kid, so only the signature check can catch it.
    const impostor = await generateSigningKey(published[0]!.kid);
    return new EmulatorKeys(published, impostor, await generateSigningKey(), now);
  }

  /** The JWKS a bot fetches from `jwks_uri`, with Teams' channel endorsement on every key. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = await Promise.all(
      this.published.map(async (key) => ({
        ...(await exportJWK(key.publicKey)),
        kid: key.kid,
        use: 'sig',
        alg: 'RS256',
        endorsements: ['msteams'],
      })),
    );
    return { keys };
  }

  /** The Authorization header value for an activity sent to `botAppId`, signed as `auth` asks (null for `none`). */
  async inboundToken(botAppId: string, serviceUrl: string, auth: InboundAuth): Promise<string | null> {
    if (auth === 'none') return null;
    const nowSeconds = Math.floor(this.now() / 1000);
    // Expired: issued two hours ago, expired an hour ago, well past any validator's clock skew allowance.
    const issuedAt = auth === 'expired' ? nowSeconds - 2 * HOUR : nowSeconds;
    const key = auth === 'wrongKey' ? this.impostor : this.published[0]!;
    const jwt = await new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(auth === 'wrongIssuer' ? 'https://sts.windows.net/impostor/' : BOT_FRAMEWORK_ISSUER)
      .setAudience(auth === 'wrongAudience' ? randomUUID() : botAppId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + HOUR)
      .sign(key.privateKey);
    return `Bearer ${jwt}`;
  }

  /** An access token for the Connector, as Entra issues it to a bot's client credentials. */
  async accessToken(clientId: string, tenantId: string): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    return new SignJWT({ appid: clientId, azp: clientId, tid: tenantId, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: this.tokenKey.kid, typ: 'JWT' })
      .setIssuer(`https://login.microsoftonline.com/${tenantId}/v2.0`)
      .setAudience(CONNECTOR_AUDIENCE)
      .setSubject(clientId)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + HOUR)
      .setJti(randomUUID())
      .sign(this.tokenKey.privateKey);
  }

  /** The claims of an access token this emulator issued and that is still valid now, else null. */
  async verifyAccessToken(token: string): Promise<JWTPayload | null> {
    try {
      const { payload } = await jwtVerify(token, this.tokenKey.publicKey, {
        audience: CONNECTOR_AUDIENCE,
        algorithms: ['RS256'],
        currentDate: new Date(this.now()),
      });
      return payload;
    } catch {
      return null;
    }
  }
}
