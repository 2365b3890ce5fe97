import {
  createConnector,
  createInboundAuth,
  createPacer,
  createPivotalBot,
  type BotDeps,
  type BotUser,
  type Connector,
  type InboundAuth,
  type Pacer,
  type PivotalBot,
} from '@pivotal-pm/bot';
import { PivotalClient } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { SigningKey } from '#auth/signingKeys';
import { signEmbedToken } from '#auth/tokens';
import type { Config } from '#config';
import { systemScope, withTenant } from '#db/tenantTx';

type Profile = { id: string; displayName: string; timeZone: string; locale: string | null; active: boolean };

/** The bot as a process runs it: the bot, its channel (inbound checks, connector, pacing) and user lookups. */
export type BotRuntime = {
  bot: PivotalBot;
  deps: BotDeps;
  inbound: InboundAuth;
  connector: Connector;
  pacer: Pacer;
  /** A user of the tenant as the bot acts for them, or null when inactive or gone. */
  userById(tenantId: string, userId: string): Promise<BotUser | null>;
};

let current: BotRuntime | null = null;

/** Installs the process's bot runtime (the entrypoint builds it once the API's keys and URL are known). */
export function setBotRuntime(runtime: BotRuntime | null): void {
  current = runtime;
}

/** The installed bot runtime, or null when the bot is off in this process. */
export function botRuntime(): BotRuntime | null {
  return current;
}

/** Minutes an embed token the bot acts with lives (it is minted again before it ends). */
const TOKEN_TTL_S = 600;

/** True when the bot may post to this service URL: a configured host (`.domain` for its subdomains), https only. */
export function serviceUrlTrust(hosts: readonly string[], extra: readonly string[] = []) {
  return (serviceUrl: string): boolean => {
    if (!URL.canParse(serviceUrl)) return false;
    const url = new URL(serviceUrl);
    if (extra.some((origin) => url.origin === origin)) return true;
    if (url.protocol !== 'https:') return false;
    const host = url.hostname.toLowerCase();
    return hosts.some((h) => (h.startsWith('.') ? host.endsWith(h) : host === h));
  };
}

/**
 * Builds the bot runtime: users are found by their Teams identity (tenant by its Entra id, user by object id) and the
 * bot calls the API as them with a short-lived embed token scoped to that user (`pv_by: bot:teams`), through the SDK.
 */
export function createBotRuntime(opts: {
  config: Config['bot'];
  knex: Knex;
  embedKey: SigningKey;
  apiUrl: string;
  appBaseUrl: string;
  openIdMetadataUrl: string;
  tokenUrl: string;
  /** Origins trusted besides the configured hosts (the emulator's, on plain http). */
  trustedOrigins?: string[];
  now?: () => Date;
}): BotRuntime {
  const tokens = new Map<string, { token: string; until: number }>();
  async function tokenFor(tenantId: string, userId: string): Promise<string> {
    const key = `${tenantId}:${userId}`;
    const cached = tokens.get(key);
    if (cached && cached.until > Date.now()) return cached.token;
    const { token, expiresAt } = await signEmbedToken(
      opts.embedKey,
      tenantId,
      { type: 'user', userId },
      'bot:teams',
      TOKEN_TTL_S,
    );
    tokens.set(key, { token, until: expiresAt.getTime() - 60_000 });
    return token;
  }
  async function profile(tenantId: string, where: { id: string } | { entraObjectId: string }) {
    return (await withTenant(opts.knex, systemScope(tenantId), (trx) =>
      trx('users')
        .where({ tenantId, ...where })
        .first('id', 'displayName', 'timeZone', 'locale', 'active'),
    )) as Profile | undefined;
  }
  async function asUser(tenantId: string, row: Profile | undefined): Promise<BotUser | null> {
    if (!row || !row.active) return null;
    return {
      client: new PivotalClient({ baseUrl: opts.apiUrl, getToken: () => tokenFor(tenantId, row.id), maxRetries: 1 }),
      userId: row.id,
      displayName: row.displayName,
      timeZone: row.timeZone,
      locale: row.locale ?? 'en-GB',
    };
  }
  const connector = createConnector({
    appId: opts.config.appId,
    appSecret: opts.config.appSecret,
    tokenUrl: opts.tokenUrl,
    trustServiceUrl: serviceUrlTrust(opts.config.serviceHosts, opts.trustedOrigins),
  });
  const deps: BotDeps = {
    appId: opts.config.appId,
    teamsAppId: opts.config.teamsAppId,
    appBaseUrl: opts.appBaseUrl,
    connector,
    ...(opts.now ? { now: opts.now } : {}),
    async userFor(identity) {
      const tenant = (await opts.knex.raw('select id from auth_tenant_by_entra(?)', [identity.tenantId])).rows[0] as
        { id: string } | undefined;
      if (!tenant) return null;
      return asUser(tenant.id, await profile(tenant.id, { entraObjectId: identity.aadObjectId }));
    },
  };
  return {
    bot: createPivotalBot(deps),
    deps,
    inbound: createInboundAuth({ appId: opts.config.appId, openIdMetadataUrl: opts.openIdMetadataUrl }),
    connector,
    pacer: createPacer({ perSecond: opts.config.sendsPerSecond }),
    userById: async (tenantId, userId) => asUser(tenantId, await profile(tenantId, { id: userId })),
  };
}
