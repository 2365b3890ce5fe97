import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Services } from './types';

/** What the non-operation routes need. */
export type ExtraRouteDeps = { config: Config; knex: Knex; services: Services; log: Logger };

/** Non-operation routes (live event stream, ...) and how to close what they hold open. */
export function extraRoutes(_deps: ExtraRouteDeps): { mounts: ((router: Router) => void)[]; close(): Promise<void> } {
  return { mounts: [], async close() {} };
}
