import { run, type Runner, type TaskList } from 'graphile-worker';
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
export async function startWorkers(ownerUrl: string, log: Logger, concurrency = 2): Promise<Runner> {
  return run({
    connectionString: ownerUrl,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger: undefined,
  }).then((runner) => {
    log.info({ concurrency }, 'workers started');
    return runner;
  });
}
