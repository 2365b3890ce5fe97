import type Router from '@koa/router';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '#config';
import { createEventHub, type EventHub } from '#domains/events/stream/hub';
import { mountEventStream } from '#domains/events/stream/route';
import { mountBotMessages } from '#domains/bot/route';
import { mountCallRoutes } from '#domains/calls/routes';
import { mountO365Callback } from '#domains/mail/connect/callbackRoute';
import { mountGraphWebhooks } from '#domains/mail/webhooks/routes';
import { mountTracking } from '#domains/sequences/trackingRoute';
import { mountUnsubscribe } from '#domains/sequences/unsubscribeRoute';
import { OUTLOOK_PANE_DIST, TEAMS_TAB_DIST } from './appPaths';
import { mountPaneConfig, mountStaticApp, OUTLOOK_PANE_PATH, TEAMS_TAB_PATH } from './staticApps';
import type { Services } from './types';

/** What the non-operation routes need. */
export type ExtraRouteDeps = { config: Config; knex: Knex; services: Services; log: Logger };

/** The connection settings of a knex, for a dedicated client (LISTEN) beside its pool. */
function connectionOf(knex: Knex): string | pg.ClientConfig {
  const connection = (knex.client as { config: Knex.Config }).config.connection;
  if (typeof connection === 'string') return connection;
  if (connection && typeof connection === 'object') return connection as pg.ClientConfig;
  throw new Error('extraRoutes: the knex has no static connection settings to LISTEN with');
}

/** Non-operation routes (live event stream, the Teams tab's files, ...) and how to close what they hold open. */
export function extraRoutes(deps: ExtraRouteDeps): {
  mounts: ((router: Router) => void)[];
  hub: EventHub;
  close(): Promise<void>;
} {
  const hub = createEventHub({
    knex: deps.knex,
    connection: connectionOf(deps.knex),
    log: deps.log,
    perCaller: deps.config.eventStreams.perCaller,
    total: deps.config.eventStreams.total,
  });
  return {
    hub,
    mounts: [
      (router) => mountEventStream(router, { hub, knex: deps.knex, services: deps.services, log: deps.log }),
      (router) => mountO365Callback(router, { knex: deps.knex, services: deps.services, log: deps.log }),
      (router) => mountUnsubscribe(router, { knex: deps.knex, log: deps.log }),
      (router) => mountGraphWebhooks(router, { knex: deps.knex, log: deps.log }),
      (router) => mountTracking(router, { knex: deps.knex, log: deps.log }),
      (router) => mountBotMessages(router, { log: deps.log }),
      (router) => mountCallRoutes(router, { knex: deps.knex, log: deps.log }),
      (router) => mountStaticApp(router, TEAMS_TAB_PATH, TEAMS_TAB_DIST),
      (router) =>
        mountPaneConfig(router, { publicUrl: deps.config.publicUrl, entraAudience: deps.config.entra.audience }),
      (router) => mountStaticApp(router, OUTLOOK_PANE_PATH, OUTLOOK_PANE_DIST),
    ],
    async close() {
      await hub.close();
    },
  };
}
