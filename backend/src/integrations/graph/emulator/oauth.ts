import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { GraphStore } from './store';
import { EMULATOR_TENANT_ID } from './subscriptions';
import type { Mailbox } from './types';

/** An OAuth error as the v2.0 token endpoint answers it (`{ error, error_description, error_codes, suberror? }`). */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly aadsts: number,
    message: string,
    readonly suberror?: string,
  ) {
    super(`AADSTS${aadsts}: ${message}`);
  }
}

/** A code request from `/authorize`. */
export type AuthorizeRequest = {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string | null;
  challengeMethod: string;
  nonce: string | null;
  /** `login_hint`: the account the sign-in page pre-fills (used when no `signInAs` says who actually signs in). */
  loginHint?: string | null;
};

/** The OAuth state a persisted emulator keeps across restarts. */
export type PersistedOAuth = { secret: string; access: [string, string | null][]; refresh: [string, Grant][] };

type Grant = { address: string | null; clientId: string; scope: string };
type CodeGrant = Grant & {
  redirectUri: string;
  challenge: string | null;
  challengeMethod: string;
  nonce: string | null;
  expiresAt: number;
};

const TOKEN_SECONDS = 3_599;
const CODE_MS = 10 * 60_000;

/** Emulated Entra ID: authorization codes (with PKCE), access and refresh tokens, and the test switches. */
export class OAuthState {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly access = new Map<string, string | null>();
  private readonly refresh = new Map<string, Grant>();
  private secret = randomBytes(32);
  /** Bumped whenever a token is issued or revoked (persistence saves when it moved). */
  revision = 0;
  /** Token endpoint calls: the `{tenant}` of the authority, the grant type and the answer's status. */
  readonly tokenRequests: { tenant: string; grantType: string; status: number }[] = [];
  signInAs: string | null = null;
  failNextRefresh = false;

  constructor(private readonly store: GraphStore) {}

  /** Whether any access token was ever issued (until then the gate accepts any non-empty token). */
  get issuedAny(): boolean {
    return this.access.size > 0;
  }

  /** The token's user: `{ known: false }` for tokens never issued, `address: null` for app-only tokens. */
  lookup(token: string): { known: boolean; address: string | null } {
    return this.access.has(token)
      ? { known: true, address: this.access.get(token) ?? null }
      : { known: false, address: null };
  }

  /**
   * Issues a one-time code for the signed-in mailbox: the `signInAs` choice (who really signs in, whatever the hint),
   * else the `login_hint` account when it exists, else the first seeded one.
   */
  authorize(request: AuthorizeRequest): string {
    const { loginHint, ...grant } = request;
    const mailbox = this.signedIn(loginHint ?? null);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...grant, address: mailbox.address, expiresAt: Date.now() + CODE_MS });
    return code;
  }

  /** Redeems an authorization code, checking redirect_uri and the PKCE code_verifier. */
  redeemCode(code: string, verifier: string | undefined, redirectUri: string | undefined): Record<string, unknown> {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expiresAt < Date.now())
      throw new OAuthError(
        'invalid_grant',
        70008,
        'The provided authorization code or refresh token has expired due to inactivity.',
      );
    if (redirectUri !== undefined && redirectUri !== grant.redirectUri)
      throw new OAuthError(
        'invalid_grant',
        50011,
        'The redirect URI specified in the request does not match the redirect URIs configured for the application.',
      );
    if (grant.challenge) {
      if (!verifier)
        throw new OAuthError('invalid_request', 50148, 'The code_verifier must be provided with a code_challenge.');
      const computed =
        grant.challengeMethod === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
      if (computed !== grant.challenge)
        throw new OAuthError(
          'invalid_grant',
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        );
    }
    return this.issue(grant, grant.nonce);
  }

  /** Redeems a refresh token, or answers invalid_grant once after `failNextRefresh`. */
  redeemRefresh(token: string, scope: string | undefined): Record<string, unknown> {
    const grant = this.refresh.get(token);
    if (this.failNextRefresh) {
      this.failNextRefresh = false;
      if (grant) this.refresh.delete(token);
      this.revision += 1;
      throw new OAuthError(
        'invalid_grant',
        50173,
        'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
        'bad_token',
      );
    }
    if (!grant) throw new OAuthError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    return this.issue({ ...grant, scope: scope ?? grant.scope }, null);
  }

  /** Issues an app-only access token (no user, no refresh or id token). */
  clientCredentials(clientId: string, scope: string): Record<string, unknown> {
    const access_token = randomBytes(32).toString('base64url');
    this.access.set(access_token, null);
    this.revision += 1;
    return {
      token_type: 'Bearer',
      expires_in: TOKEN_SECONDS,
      ext_expires_in: TOKEN_SECONDS,
      access_token,
      scope: scope || `${clientId}/.default`,
    };
  }

  /** Issued tokens and the id_token key, for persistence (codes live 10 minutes and are not kept). */
  exportState(): PersistedOAuth {
    return { secret: this.secret.toString('base64'), access: [...this.access], refresh: [...this.refresh] };
  }

  /** Restores persisted tokens, so token caches sealed before a restart stay valid. */
  importState(state: PersistedOAuth): void {
    this.secret = Buffer.from(state.secret, 'base64');
    for (const [token, address] of state.access) this.access.set(token, address);
    for (const [token, grant] of state.refresh) this.refresh.set(token, grant);
  }

  /** Forgets codes, tokens and switches. */
  reset(): void {
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
    this.tokenRequests.length = 0;
    this.signInAs = null;
    this.failNextRefresh = false;
  }

  private signedIn(loginHint: string | null): Mailbox {
    const hinted = loginHint ? this.store.resolve(loginHint) : undefined;
    const mailbox = this.signInAs
      ? this.store.resolve(this.signInAs)
      : (hinted ?? this.store.mailboxes.values().next().value);
    if (!mailbox) throw new OAuthError('invalid_request', 50034, 'The user account does not exist in the directory.');
    return mailbox;
  }

  private issue(grant: Grant, nonce: string | null): Record<string, unknown> {
    const mailbox = grant.address ? this.store.resolve(grant.address) : undefined;
    if (!mailbox) throw new OAuthError('invalid_grant', 50034, 'The user account does not exist in the directory.');
    const access_token = randomBytes(32).toString('base64url');
    const refresh_token = randomBytes(48).toString('base64url');
    this.access.set(access_token, mailbox.address);
    this.refresh.set(refresh_token, grant);
    this.revision += 1;
    const clientInfo = Buffer.from(JSON.stringify({ uid: mailbox.userId, utid: EMULATOR_TENANT_ID })).toString(
      'base64url',
    );
    return {
      token_type: 'Bearer',
      scope: grant.scope,
      expires_in: TOKEN_SECONDS,
      ext_expires_in: TOKEN_SECONDS,
      access_token,
      refresh_token,
      id_token: this.idToken(mailbox, grant.clientId, nonce),
      client_info: clientInfo,
    };
  }

  private idToken(mailbox: Mailbox, clientId: string, nonce: string | null): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'HS256' };
    const payload = {
      aud: clientId,
      iss: `https://login.microsoftonline.com/${EMULATOR_TENANT_ID}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_SECONDS,
      name: mailbox.displayName,
      oid: mailbox.userId,
      preferred_username: mailbox.address,
      sub: mailbox.userId,
      tid: EMULATOR_TENANT_ID,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signingInput = `${encode(header)}.${encode(payload)}`;
    return `${signingInput}.${createHmac('sha256', this.secret).update(signingInput).digest('base64url')}`;
  }
}
