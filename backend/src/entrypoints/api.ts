import http from 'node:http';
import type { Logger } from 'pino';
import { createApp } from '#app';
import type { Config } from '#config';
import { handlers } from '#domains/handlers';
import { createMetrics } from '#observability/metrics';
import { buildServices } from '#services';
import type { Services } from '#http/types';
import { extraRoutes } from '#http/extraRoutes';
import type { BootedDatabase } from './boot';
import { listenOn } from './ports';

/** Starts the HTTP API on the configured port; `close()` stops accepting and ends open streams. */
export async function startApi(
  config: Config,
  db: BootedDatabase,
  log: Logger,
): Promise<{ server: http.Server; services: Services; close(): Promise<void> }> {
  const services = await buildServices(config, db.appKnex, { log });
  const metrics = createMetrics(true, db.ownerKnex);
  const extras = extraRoutes({ config, knex: db.appKnex, services, log });
  const app = createApp({ config, knex: db.appKnex, services, handlers, log, metrics, extraRoutes: extras.mounts });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await listenOn(server, config.port, config.host, 'PORT').catch(async (error: unknown) => {
    await extras.close();
    throw error;
  });
  return {
    server,
    services,
    async close() {
      await extras.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
