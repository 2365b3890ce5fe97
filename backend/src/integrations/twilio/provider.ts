/**
 * Twilio behind the telephony port. The browser's Twilio Voice SDK places the call through a TwiML app
 * (`serverPlaced: false`), so the server only hands out identities and Access Tokens and checks the status
 * callbacks' signatures. Only the Access Token builder and the webhook helpers of `twilio` are loaded, never
 * its REST client.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import AccessToken from 'twilio/lib/jwt/AccessToken.js';
import { type BrowserToken, TelephonyError, type TelephonyProvider } from '../telephony/port';
import { verifyTwilioSignature } from './callbacks';

/** What the backend reads from its settings for Twilio (see this folder's README). */
export type TwilioConfig = {
  /** `AC…`: the account the tokens are scoped to. */
  accountSid: string;
  /** `SK…`: the API key that signs Access Tokens. */
  apiKeySid: string;
  apiKeySecret: string;
  /** `AP…`: the TwiML app whose voice URL Twilio fetches when the browser places a call. */
  outgoingApplicationSid: string;
  /** The account's auth token: Twilio signs its webhooks with it. */
  authToken: string;
};

/** A Twilio provider: the port, plus the check of a callback's `X-Twilio-Signature`. */
export type TwilioProvider = TelephonyProvider & {
  readonly name: 'twilio';
  /** Whether Twilio signed this callback (`url`: the full URL it posted to, query string included). */
  verifySignature(request: {
    url: string;
    params: Record<string, string | string[]>;
    signature: string | undefined;
  }): boolean;
};

/** Access Tokens live an hour (Twilio allows up to 24). */
export const TWILIO_TOKEN_TTL_SEC = 3600;

const SID_PREFIXES: Array<[keyof TwilioConfig, string]> = [
  ['accountSid', 'AC'],
  ['apiKeySid', 'SK'],
  ['outgoingApplicationSid', 'AP'],
];

/** Twilio identities are free-form; ours are opaque and stick to letters, digits and `_`. */
function newIdentity(): string {
  return `pivotal_${randomBytes(16).toString('hex')}`;
}

function checkConfig(config: TwilioConfig): void {
  for (const key of ['accountSid', 'apiKeySid', 'apiKeySecret', 'outgoingApplicationSid', 'authToken'] as const) {
    if (!config[key]) throw new Error(`twilio: ${key} is not set`);
  }
  for (const [key, prefix] of SID_PREFIXES) {
    if (!config[key].startsWith(prefix)) throw new Error(`twilio: ${key} must start with ${prefix}`);
  }
}

export function createTwilioProvider(config: TwilioConfig): TwilioProvider {
  checkConfig(config);
  return {
    name: 'twilio',
    serverPlaced: false,

    async ensureIdentity(existing) {
      return existing && existing.trim() !== '' ? existing : newIdentity();
    },

    async issueToken(identity): Promise<BrowserToken> {
      if (!identity) throw new TelephonyError('twilio: an identity is required', null, 'invalid_identity');
      const accessToken = new AccessToken(config.accountSid, config.apiKeySid, config.apiKeySecret, {
        identity,
        ttl: TWILIO_TOKEN_TTL_SEC,
      });
      accessToken.addGrant(
        new AccessToken.VoiceGrant({ outgoingApplicationSid: config.outgoingApplicationSid, incomingAllow: true }),
      );
      let token: string;
      try {
        token = accessToken.toJwt();
      } catch (error) {
        throw new TelephonyError(`twilio: could not sign the access token: ${String(error)}`, null, 'token_failed');
      }
      const { exp } = decodeJwt(token);
      const expiresAt = new Date((exp ?? Math.floor(Date.now() / 1000) + TWILIO_TOKEN_TTL_SEC) * 1000);
      return { token, expiresAt, identity };
    },

    verifySignature({ url, params, signature }) {
      return verifyTwilioSignature({ authToken: config.authToken, url, params, signature });
    },
  };
}
