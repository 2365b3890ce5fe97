import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { type ActivityBuilders, createActivityBuilders } from './activities';
import type { TeamsActivity } from './activityTypes';
import { mountAuthRoutes } from './authRoutes';
import { mountControlRoutes } from './controlRoutes';
import { mountConversationRoutes } from './conversationRoutes';
import { type DeliverOptions, deliverActivity } from './deliver';
import { EmulatorKeys, type SigningKey } from './keys';
import { TEAMS_RATE_LIMITS } from './rateLimit';
import { ConnectorState } from './state';
import type {
  BotRegistration,
  DeliveryResult,
  EmulatorStats,
  FaultSpec,
  RateLimitRule,
  RecordedActivity,
  TeamsUser,
} from './types';

/** Options of `startBotConnectorEmulator`; port 0 (default) picks a free port on 127.0.0.1. */
export type BotConnectorEmulatorOptions = {
  port?: number;
  host?: string;
  bots?: BotRegistration[];
  /** Users who have installed the bot (more come from deliveries and `/_emulator/install`). */
  users?: TeamsUser[];
  /** Per-bot-per-conversation write budgets (default: Teams' limits); `false` or `[]` turns them off. */
  rateLimits?: readonly RateLimitRule[] | false;
  /** The clock for tokens, rate limits and timestamps (ms since the epoch). */
  now?: () => number;
  /** Signing keys to publish (default: two made at start). */
  signingKeys?: SigningKey[];
  /** The path of the service URL (default `/teams/`, like Teams' `https://smba.trafficmanager.net/teams/`). */
  servicePath?: string;
  locale?: string;
};

/** A running Bot Connector emulator. */
export type BotConnectorEmulator = {
  /** Base URL, e.g. `http://127.0.0.1:3978` (no trailing slash). */
  url: string;
  /** The service URL on activities and where the Conversations API lives (trailing slash). */
  serviceUrl: string;
  openIdMetadataUrl: string;
  tokenUrl: string;
  /** Builders of Teams personal-chat activities for the first registered bot. */
  activities: ActivityBuilders;
  /** Builders for a given bot. */
  activitiesFor(appId: string): ActivityBuilders;
  deliver(activity: TeamsActivity, options?: DeliverOptions): Promise<DeliveryResult>;
  record(conversationId?: string): RecordedActivity[];
  stats(): EmulatorStats;
  reset(): void;
  failNext(fault: FaultSpec): void;
  registerBot(bot: BotRegistration): void;
  /** Makes a user known, as if they had installed the bot; answers their Teams id (`29:...`). */
  addUser(user: TeamsUser): string;
  close(): Promise<void>;
};

/** Starts the emulator over plain HTTP: OpenID metadata and keys, the token endpoint, the Conversations API. */
export async function startBotConnectorEmulator(
  options: BotConnectorEmulatorOptions = {},
): Promise<BotConnectorEmulator> {
  const now = options.now ?? Date.now;
  const keys = await EmulatorKeys.create(now, options.signingKeys);
  const state = new ConnectorState(
    keys,
    now,
    options.rateLimits === false ? [] : (options.rateLimits ?? TEAMS_RATE_LIMITS),
  );
  for (const bot of options.bots ?? []) state.registerBot(bot);
  for (const user of options.users ?? []) state.rememberUser(user);
  const servicePath = `/${(options.servicePath ?? 'teams').replace(/^\/+|\/+$/g, '')}`;
  let url = '';
  const serviceUrl = () => `${url}${servicePath}/`;
  const buildersFor = (appId: string): ActivityBuilders =>
    createActivityBuilders({
      serviceUrl: serviceUrl(),
      botAppId: appId,
      botName: state.bot(appId)?.name,
      locale: options.locale,
      now,
    });
  const defaultBuilders = (): ActivityBuilders => {
    const bot = state.bot();
    if (!bot) throw new Error('No bot registered with the emulator');
    return buildersFor(bot.appId);
  };
  const deliver = (activity: TeamsActivity, deliverOptions?: DeliverOptions) =>
    deliverActivity(state, activity, deliverOptions);

  const app = new Koa();
  const router = new Router();
  mountAuthRoutes(router, state, () => url);
  mountConversationRoutes(router, state, servicePath);
  mountControlRoutes(router, { state, activities: defaultBuilders, deliver });
  // SDKs join `serviceUrl` and `/v3/...` without trimming, so `//v3` must reach the same routes.
  app.use(async (ctx, next) => {
    ctx.path = ctx.path.replace(/\/{2,}/g, '/');
    await next();
  });
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '1mb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());

  const server = createServer(app.callback());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Builders bound lazily, so bots registered after start are picked up.
  const activities: ActivityBuilders = {
    message: (user, text) => defaultBuilders().message(user, text),
    installationUpdate: (user, action) => defaultBuilders().installationUpdate(user, action),
    invokeAction: (user, action, invokeOptions) => defaultBuilders().invokeAction(user, action, invokeOptions),
  };
  return {
    url,
    serviceUrl: serviceUrl(),
    openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    tokenUrl: `${url}/botframework.com/oauth2/v2.0/token`,
    activities,
    activitiesFor: buildersFor,
    deliver,
    record: (conversationId) => state.recorded(conversationId),
    stats: () => ({ ...state.stats }),
    reset: () => state.reset(),
    failNext: (fault) => state.faults.add(fault),
    registerBot: (bot) => state.registerBot(bot),
    addUser: (user) => state.rememberUser(user),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
