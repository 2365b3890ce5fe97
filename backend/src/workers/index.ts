import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { maintainPartitions } from './maintainPartitions';

/** Every job the workers run, keyed by task name. Domains add theirs here. */
export const taskList: TaskList = {
  maintain_partitions: maintainPartitions,
};

/** Recurring jobs (graphile-worker crontab syntax). */
export const crontab = [
  // Monthly engagement partitions are made a year ahead; daily is plenty.
  '15 3 * * * maintain_partitions',
].join('\n');

/** Starts graphile-worker in this process on the owner connection (it manages its own schema). */
export async function startWorkers(ownerUrl: string, log: Logger, concurrency = 2): Promise<Runner & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: concurrency + 2, application_name: 'pivotal-worker' });
  // Postgres going away (Ctrl-C reaches it too) must not crash the process through an unhandled pool error.
  pool.on('error', (err) => log.warn({ err: err.message }, 'worker connection lost'));
  const logger = new WorkerLogger(() => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    log[method]({ worker: meta?.label ?? 'core' }, message);
  });
  return run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger,
  }).then((runner) => {
    log.info({ concurrency }, 'workers started');
    return Object.assign(runner, { pool });
  });
}
