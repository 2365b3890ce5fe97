import {
  ConfidentialClientApplication,
  CryptoProvider,
  LogLevel,
  type AuthenticationResult,
  type ICachePlugin,
  type INetworkModule,
} from '@azure/msal-node';
import { createMsalNetworkClient, withDiscoveryCache } from './networkClient';

/** Where and as which app registration mailboxes are connected. */
export type O365Settings = {
  clientId: string;
  clientSecret: string;
  /** `https://login.microsoftonline.com` in production; the Graph emulator's origin in tests and the demo. */
  authorityHost: string;
  /** PEM to trust for the authority host (the emulator's self-signed certificate). */
  ca?: string;
  /** Replaces the node:https transport (tests count MSAL's requests). */
  networkClient?: INetworkModule;
};

/** Delegated scopes a connected mailbox grants (`offline_access` gives the refresh token). */
export const MAIL_SCOPES = ['Mail.Read', 'Mail.Send', 'offline_access'] as const;
/** The optional calendar scope (meetings). */
export const CALENDAR_SCOPE = 'Calendars.ReadWrite';
/** The multi-tenant authority segment: any work or school account. */
const MULTI_TENANT = 'organizations';

/** What redeeming an authorization code gives: the account and the serialized MSAL cache to seal. */
export type RedeemedMailbox = { result: AuthenticationResult; cacheJson: string };

/** The msal-node side of connecting a mailbox: consent URL, code redemption, silent acquisition. */
export type O365Auth = {
  scopes(calendar: boolean): string[];
  pkce(): Promise<{ verifier: string; challenge: string }>;
  /** `loginHint` pre-fills the account to sign in with; `domainHint` (a domain name) skips home realm discovery. */
  consentUrl(args: {
    redirectUri: string;
    state: string;
    challenge: string;
    scopes: string[];
    loginHint?: string;
    domainHint?: string;
  }): Promise<string>;
  redeem(args: { code: string; verifier: string; redirectUri: string; scopes: string[] }): Promise<RedeemedMailbox>;
  /** Acquires a token from the cache the plugin loads, refreshing it against the account's own tenant authority. */
  silent(args: {
    cachePlugin: ICachePlugin;
    homeAccountId: string | null;
    scopes: string[];
    forceRefresh?: boolean;
  }): Promise<AuthenticationResult>;
};

/** Builds the msal-node adapter; MSAL's HTTP goes through our network client (no other network access). */
export function createO365Auth(settings: O365Settings): O365Auth {
  const networkClient = withDiscoveryCache(
    settings.networkClient ?? createMsalNetworkClient(settings.ca ? { ca: settings.ca } : {}),
  );
  const host = new URL(settings.authorityHost).host;
  // A non-Microsoft host (the emulator) must be declared trusted, so MSAL reads its OpenID configuration.
  const knownAuthorities = host === 'login.microsoftonline.com' ? [] : [host];
  const crypto = new CryptoProvider();
  const app = (tenant: string, cachePlugin?: ICachePlugin) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        authority: `${settings.authorityHost}/${tenant}`,
        knownAuthorities,
      },
      system: {
        networkClient,
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
      ...(cachePlugin ? { cache: { cachePlugin } } : {}),
    });
  // Resource scopes only: MSAL adds openid/profile/offline_access itself and rejects them in silent calls.
  const resourceScopes = (scopes: string[]) => scopes.filter((s) => s !== 'offline_access');

  return {
    scopes: (calendar) => [...MAIL_SCOPES, ...(calendar ? [CALENDAR_SCOPE] : [])],
    pkce: async () => crypto.generatePkceCodes(),
    consentUrl: ({ redirectUri, state, challenge, scopes, loginHint, domainHint }) =>
      app(MULTI_TENANT).getAuthCodeUrl({
        scopes,
        redirectUri,
        state,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        responseMode: 'query',
        ...(loginHint ? { loginHint } : {}),
        ...(domainHint ? { domainHint } : {}),
      }),
    async redeem({ code, verifier, redirectUri, scopes }) {
      const client = app(MULTI_TENANT);
      const result = await client.acquireTokenByCode({ code, codeVerifier: verifier, redirectUri, scopes });
      return { result, cacheJson: client.getTokenCache().serialize() };
    },
    async silent({ cachePlugin, homeAccountId, scopes, forceRefresh }) {
      const probe = app(MULTI_TENANT, cachePlugin);
      const accounts = await probe.getTokenCache().getAllAccounts();
      const account = accounts.find((a) => a.homeAccountId === homeAccountId) ?? accounts[0];
      if (!account) throw new NoCachedAccountError();
      // The user's own tenant as authority: a refresh against `organizations` would be refused for guests.
      const client = app(account.tenantId || MULTI_TENANT, cachePlugin);
      return client.acquireTokenSilent({
        account,
        scopes: resourceScopes(scopes),
        ...(forceRefresh ? { forceRefresh } : {}),
      });
    },
  };
}

/** The sealed cache holds no account (never connected, or its tokens were destroyed). */
export class NoCachedAccountError extends Error {
  constructor() {
    super('the mailbox token cache holds no account');
    this.name = 'NoCachedAccountError';
  }
}
