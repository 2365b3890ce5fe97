import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** Every setting the backend reads, validated in one place; a bad value stops start-up with a clear message. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Public base URL of the API (links, token issuer of the dev mode). */
  PUBLIC_URL: z.url().optional(),
  /** Owner connection (runs migrations). Unset: embedded Postgres under PIVOTAL_DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  /** The app role's connection; derived from DATABASE_URL and PIVOTAL_DB_APP_PASSWORD when unset. */
  DATABASE_APP_URL: z.string().optional(),
  PIVOTAL_DB_APP_PASSWORD: z.string().min(12).optional(),
  PIVOTAL_DATA_DIR: z.string().default('./.data'),
  /** Port of the embedded Postgres; below Linux's ephemeral range (32768-60999), where a client's own outgoing port could take it. */
  PIVOTAL_PG_PORT: z.coerce.number().int().min(1).max(65535).default(15432),
  /** Entra ID app (API) audience: the client id, the `aud` of its v2 access tokens; Entra tokens must carry it. */
  ENTRA_AUDIENCE: z.string().optional(),
  /** JWKS of Entra ID; overridable so tests can stand in a local key set. */
  ENTRA_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  /** Issuer template; `{tid}` is replaced by the token's tenant. */
  ENTRA_ISSUER_TEMPLATE: z.string().default('https://login.microsoftonline.com/{tid}/v2.0'),
  /** Dev issuer (self-signed tokens for demo and tests). Refused in production. */
  PIVOTAL_DEV_AUTH: z.enum(['on', 'off']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per minute per caller before 429 (shared by every API process over the database). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Requests per minute per client address where there is no caller (tracking and unsubscribe links, Graph webhooks, failed sign-ins). */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Live event streams one caller may hold open at once, and the whole process (beyond: 429). */
  EVENT_STREAMS_PER_CALLER: z.coerce.number().int().min(1).default(5),
  EVENT_STREAMS_MAX: z.coerce.number().int().min(1).default(1000),
  /** Run graphile-worker inside the API process (all-in-one). */
  PIVOTAL_WORKERS: z.enum(['on', 'off']).default('on'),
  PIVOTAL_SEED_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Check every response against its output schema (default: on outside production). */
  PIVOTAL_CHECK_OUTPUTS: z.enum(['on', 'off']).optional(),
  /** Microsoft Graph base URL (`https://graph.microsoft.com`); unset: the embedded Graph emulator, or Graph itself when NODE_ENV=production. */
  GRAPH_BASE_URL: z.url().optional(),
  /** Port of the embedded Graph emulator when GRAPH_BASE_URL is unset; fixed, because synced delta links name it (0 picks a free port). */
  GRAPH_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3443),
  /** How long a message body fetched by mail.message.get stays cached (sealed) before it is fetched again, seconds. */
  MAIL_BODY_CACHE_TTL: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3_600),
  /** The Teams bot's Entra app id (Azure Bot registration); unset outside production: the demo bot of the emulator. */
  BOT_APP_ID: z.string().optional(),
  /** The bot's client secret (client credentials for the Bot Connector service). */
  BOT_APP_SECRET: z.string().optional(),
  /** Bot Connector OpenID metadata; unset: Microsoft's in production, the embedded Bot Connector emulator otherwise. */
  BOT_OPENID_METADATA_URL: z.url().optional(),
  /** Token endpoint for the bot's app token; unset: Microsoft's in production, the emulator's otherwise. */
  BOT_TOKEN_URL: z.url().optional(),
  /** Port of the embedded Bot Connector emulator (0 picks a free port). */
  BOT_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3980),
  /** Hosts the bot may post to (a conversation's service URL); comma-separated, a leading dot for a domain. */
  BOT_SERVICE_HOSTS: z.string().default('smba.trafficmanager.net,.botframework.com,.teams.microsoft.com'),
  /** Proactive sends per second of one worker process (Teams allows 50 per app and tenant). */
  BOT_SENDS_PER_SECOND: z.coerce.number().min(1).max(50).default(30),
  /** Azure Communication Services connection string (`endpoint=https://...;accesskey=...`); unset: the embedded ACS emulator outside production, no ACS in production. */
  ACS_CONNECTION_STRING: z.string().optional(),
  /** Port of the embedded ACS emulator (0 picks a free port). */
  ACS_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3444),
  /** The caller ID customers see (an E.164 number of the ACS resource). */
  ACS_CALLER_ID: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number')
    .optional(),
  /** The ACS resource's immutable id: the audience of its callback tokens. */
  ACS_RESOURCE_ID: z.string().optional(),
  /** Where ACS's callback signing keys are published. */
  ACS_CALLBACK_JWKS_URL: z.url().default('https://acscallautomation.communication.azure.com/calling/keys'),
  /** The issuer of ACS's callback tokens. */
  ACS_CALLBACK_ISSUER: z.string().default('https://acscallautomation.communication.azure.com'),
  /** The Azure AI services endpoint connected to the ACS resource: it speaks the recording-consent prompt. */
  ACS_COGNITIVE_SERVICES_ENDPOINT: z.url().optional(),
  /** The secret the Event Grid subscription for recording files puts in its endpoint URL (`?key=`). */
  ACS_EVENTGRID_KEY: z.string().min(16).optional(),
  /** Twilio, the second telephony provider: the account, an API key for Voice tokens, the TwiML app, the auth token that signs callbacks. */
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_API_KEY_SID: z.string().optional(),
  TWILIO_API_KEY_SECRET: z.string().optional(),
  TWILIO_TWIML_APP_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  /** The Teams app id of the deployed package (deep links from cards to the tab); default: the dev package's. */
  TEAMS_APP_ID: z.string().default('6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5'),
  /** Master key sealing the tenants' data keys: 32 bytes, base64. Required in production; dev keeps one under the data dir. */
  PIVOTAL_MASTER_KEY: z
    .base64()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64')
    .optional(),
  /** Earlier master keys (comma-separated base64), still accepted to open data keys until `pivotal key rotate` rewraps them. */
  PIVOTAL_MASTER_KEYS_RETIRED: z.string().optional(),
  /** Entra app registration used to connect mailboxes (delegated Mail.Read / Mail.Send). */
  O365_CLIENT_ID: z.string().optional(),
  O365_CLIENT_SECRET: z.string().optional(),
  /** Authority host; tests and the demo point it at the Graph emulator. */
  O365_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  /** A PEM file to trust for the authority host (the emulator's certificate). */
  O365_CA_FILE: z.string().optional(),
  /** Origins (comma-separated, e.g. `https://portal.agency.example`) whose pages may call the API with embed tokens (CORS). */
  PIVOTAL_CORS_ORIGINS: z.string().optional(),
  /** Bearer token `/metrics` asks for; in production `/metrics` answers 404 without it. */
  PIVOTAL_METRICS_TOKEN: z.string().min(16).optional(),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  databaseAppUrl: string | undefined;
  dbAppPassword: string | undefined;
  dataDir: string;
  pgPort: number;
  entra: { audience: string | undefined; jwksUrl: string; issuerTemplate: string };
  devAuth: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  rateLimitPerMinute: number;
  /** Per client address, for requests without a caller. */
  rateLimitAnonymousPerMinute: number;
  /** Caps on open live event streams: per caller and per process. */
  eventStreams: { perCaller: number; total: number };
  workers: boolean;
  seedDemo: 'auto' | 'on' | 'off';
  checkOutputs: boolean;
  /** Graph endpoint: a base URL, or `emulator` to start the embedded Graph emulator on `emulatorPort`. */
  graph: { baseUrl: string | 'emulator'; emulatorPort: number };
  /** Seconds a fetched message body stays in the sealed body cache. */
  mailBodyCacheTtlSeconds: number;
  /**
   * The Teams bot: its app registration, where the Bot Connector's keys and tokens come from (`emulator`: the embedded
   * Bot Connector emulator on `emulatorPort`), the service hosts it may post to, its send rate, the Teams app id.
   * Disabled in production without an app id and secret.
   */
  bot: {
    enabled: boolean;
    appId: string;
    appSecret: string;
    openIdMetadataUrl: string | 'emulator';
    tokenUrl: string | 'emulator';
    emulatorPort: number;
    serviceHosts: string[];
    sendsPerSecond: number;
    teamsAppId: string;
  };
  /**
   * Telephony. ACS: a connection string, or `emulator` (the embedded ACS emulator on `emulatorPort`), or null (no
   * ACS); its caller ID, callback token audience/keys/issuer and the Event Grid key. Twilio: null unless configured.
   */
  acs: {
    connectionString: string | 'emulator' | null;
    emulatorPort: number;
    callerId: string | null;
    resourceId: string | null;
    callbackJwksUrl: string;
    callbackIssuer: string;
    eventGridKey: string | null;
    cognitiveServicesEndpoint: string | null;
  };
  twilio: {
    accountSid: string;
    apiKeySid: string;
    apiKeySecret: string;
    twimlAppSid: string;
    authToken: string;
  } | null;
  /** Master keys: `current` seals, `retired` only open (base64 each); current unset = dev file under dataDir. */
  masterKeys: { current: string | undefined; retired: string[] };
  o365: { clientId: string; clientSecret: string; authorityHost: string; caFile: string | undefined };
  /** Browser origins allowed to call the API cross-origin (exact `scheme://host[:port]`). */
  corsOrigins: string[];
  /** Token `/metrics` requires; undefined: open outside production, not served in production. */
  metricsToken: string | undefined;
};

/** The origins of a comma-separated list; throws on anything that is not a bare http(s) origin. */
function origins(list: string | undefined): string[] {
  const items = (list ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const item of items) {
    const url = URL.canParse(item) ? new URL(item) : null;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, '')) {
      throw new Error(
        `Invalid configuration:\n  PIVOTAL_CORS_ORIGINS: ${JSON.stringify(item)} is not an origin like https://portal.example.com`,
      );
    }
  }
  return items.map((o) => o.replace(/\/$/, ''));
}

/** True for `localhost` and loopback addresses (127.0.0.0/8, ::1, ::ffff:127.x). */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  return ipaddr.isValid(bare) && ipaddr.process(bare).range() === 'loopback';
}

/** Reads and validates the configuration from `env`; throws one readable error listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.PIVOTAL_DEV_AUTH === 'on') {
    throw new Error('Invalid configuration:\n  PIVOTAL_DEV_AUTH: the dev issuer is refused when NODE_ENV=production');
  }
  const devAuth = production ? false : e.PIVOTAL_DEV_AUTH !== 'off';
  // The dev sign-in mints a token for any seeded user to whoever can reach it: never on a reachable interface.
  if (devAuth && !isLoopbackHost(e.HOST)) {
    throw new Error(
      `Invalid configuration:\n  HOST: ${e.HOST} is not a loopback address, and the dev sign-in (PIVOTAL_DEV_AUTH, on by default outside production) ` +
        'would let anyone who reaches it sign in as any seeded user; listen on 127.0.0.1, ::1 or localhost, or set PIVOTAL_DEV_AUTH=off',
    );
  }
  if (production && !e.DATABASE_URL) {
    throw new Error('Invalid configuration:\n  DATABASE_URL: required when NODE_ENV=production');
  }
  if (production && !e.ENTRA_AUDIENCE) {
    throw new Error('Invalid configuration:\n  ENTRA_AUDIENCE: required when NODE_ENV=production');
  }
  if (production && e.O365_CLIENT_ID && !e.O365_CLIENT_SECRET) {
    throw new Error(
      'Invalid configuration:\n  O365_CLIENT_SECRET: required with O365_CLIENT_ID when NODE_ENV=production',
    );
  }
  if (production && e.ACS_CONNECTION_STRING && !e.ACS_RESOURCE_ID) {
    throw new Error(
      'Invalid configuration:\n  ACS_RESOURCE_ID: required with ACS_CONNECTION_STRING (the audience of ACS callback tokens)',
    );
  }
  if (production && !e.PIVOTAL_MASTER_KEY) {
    throw new Error(
      'Invalid configuration:\n  PIVOTAL_MASTER_KEY: required when NODE_ENV=production (32 random bytes, base64)',
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    dbAppPassword: e.PIVOTAL_DB_APP_PASSWORD,
    dataDir: path.resolve(e.PIVOTAL_DATA_DIR),
    pgPort: e.PIVOTAL_PG_PORT,
    entra: { audience: e.ENTRA_AUDIENCE, jwksUrl: e.ENTRA_JWKS_URL, issuerTemplate: e.ENTRA_ISSUER_TEMPLATE },
    devAuth,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitAnonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    eventStreams: { perCaller: e.EVENT_STREAMS_PER_CALLER, total: e.EVENT_STREAMS_MAX },
    workers: e.PIVOTAL_WORKERS === 'on',
    seedDemo: e.PIVOTAL_SEED_DEMO,
    checkOutputs: e.PIVOTAL_CHECK_OUTPUTS ? e.PIVOTAL_CHECK_OUTPUTS === 'on' : !production,
    graph: {
      baseUrl: e.GRAPH_BASE_URL ?? (production ? 'https://graph.microsoft.com' : 'emulator'),
      emulatorPort: e.GRAPH_EMULATOR_PORT,
    },
    mailBodyCacheTtlSeconds: e.MAIL_BODY_CACHE_TTL,
    bot: {
      enabled: !production || (e.BOT_APP_ID !== undefined && e.BOT_APP_SECRET !== undefined),
      appId: e.BOT_APP_ID ?? '5b0e7c1a-2d3f-4e5a-8b6c-7d8e9f0a1b2c',
      appSecret: e.BOT_APP_SECRET ?? 'pivotal-dev-bot-secret',
      openIdMetadataUrl:
        e.BOT_OPENID_METADATA_URL ??
        (production ? 'https://login.botframework.com/v1/.well-known/openidconfiguration' : 'emulator'),
      tokenUrl:
        e.BOT_TOKEN_URL ??
        (production ? 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token' : 'emulator'),
      emulatorPort: e.BOT_EMULATOR_PORT,
      serviceHosts: e.BOT_SERVICE_HOSTS.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      sendsPerSecond: e.BOT_SENDS_PER_SECOND,
      teamsAppId: e.TEAMS_APP_ID,
    },
    acs: {
      connectionString: e.ACS_CONNECTION_STRING ?? (production ? null : 'emulator'),
      emulatorPort: e.ACS_EMULATOR_PORT,
      callerId: e.ACS_CALLER_ID ?? (production ? null : '+442080000000'),
      resourceId: e.ACS_RESOURCE_ID ?? null,
      callbackJwksUrl: e.ACS_CALLBACK_JWKS_URL,
      callbackIssuer: e.ACS_CALLBACK_ISSUER,
      eventGridKey: e.ACS_EVENTGRID_KEY ?? null,
      cognitiveServicesEndpoint: e.ACS_COGNITIVE_SERVICES_ENDPOINT ?? null,
    },
    twilio:
      e.TWILIO_ACCOUNT_SID &&
      e.TWILIO_API_KEY_SID &&
      e.TWILIO_API_KEY_SECRET &&
      e.TWILIO_TWIML_APP_SID &&
      e.TWILIO_AUTH_TOKEN
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            apiKeySid: e.TWILIO_API_KEY_SID,
            apiKeySecret: e.TWILIO_API_KEY_SECRET,
            twimlAppSid: e.TWILIO_TWIML_APP_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
          }
        : null,
    masterKeys: {
      current: e.PIVOTAL_MASTER_KEY,
      retired: (e.PIVOTAL_MASTER_KEYS_RETIRED ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    },
    o365: {
      clientId: e.O365_CLIENT_ID ?? '00000000-0000-4000-8000-00000000a365',
      // The emulator checks no secret; outside production a placeholder keeps msal-node's confidential client happy.
      clientSecret: e.O365_CLIENT_SECRET ?? 'pivotal-dev-client-secret',
      authorityHost: e.O365_AUTHORITY_HOST.replace(/\/$/, ''),
      caFile: e.O365_CA_FILE,
    },
    corsOrigins: origins(e.PIVOTAL_CORS_ORIGINS),
    metricsToken: e.PIVOTAL_METRICS_TOKEN,
  };
}
