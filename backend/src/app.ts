import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '#config';
import { corsAllowList, securityHeaders } from '#http/browserHardening';
import { mountOperations } from '#http/mountOperations';
import { errorHandler, requestId, serverErrorListener } from '#http/middleware/errors';
import { limitPublicRoutes } from '#http/rateLimit';
import { mountPlatformRoutes } from '#http/platformRoutes';
import type { Handlers, Services } from '#http/types';
import type { Metrics } from '#observability/metrics';

/** What the app is built from; tests build it with their own database and services. */
export type AppDeps = {
  config: Config;
  knex: Knex;
  services: Services;
  handlers: Handlers;
  log: Logger;
  metrics: Metrics;
  /** Extra non-operation routes (SSE stream, OAuth callbacks, static apps) mounted by later features. */
  extraRoutes?: ((router: Router) => void)[];
};

/** Builds the Koa app without listening, so tests can mount it. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = deps.config.env === 'production';
  // Behind one reverse proxy: the client address is the entry that proxy appended (the last of X-Forwarded-For),
  // never one a client wrote itself (rate limits by address read it).
  app.maxIpsCount = 1;
  // Koa would print these to stderr as stacks; an aborted download is routine.
  app.on('error', serverErrorListener(deps.log));
  const router = new Router();
  mountPlatformRoutes(router, deps);
  for (const mount of deps.extraRoutes ?? []) mount(router);
  mountOperations(router, {
    knex: deps.knex,
    handlers: deps.handlers,
    services: deps.services,
    metrics: deps.metrics,
    log: deps.log,
    checkOutputs: deps.config.checkOutputs,
  });
  app.use(requestId);
  app.use(securityHeaders(deps.config));
  app.use(corsAllowList(deps.config));
  app.use(errorHandler(deps.log, deps.metrics));
  app.use(limitPublicRoutes(deps.services.rateLimiter));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
