/**
 * A worker process the liveness test kills for real: graphile-worker with our liveness locks, whose only task
 * hangs forever once it started (printing "running"), like a worker stuck mid-job when the machine kills it.
 * argv: ownerUrl
 */
import { Logger, run } from 'graphile-worker';
import pino from 'pino';
import { workerLiveness } from '#workers/liveness';

const [ownerUrl] = process.argv.slice(2) as [string];
const liveness = workerLiveness(ownerUrl, pino({ level: 'silent' }));
await run({
  connectionString: ownerUrl,
  concurrency: 1,
  noHandleSignals: true,
  pollInterval: 100,
  logger: new Logger(() => () => undefined),
  events: liveness.events,
  taskList: {
    hang: async () => {
      process.stdout.write('running\n');
      await new Promise(() => undefined);
    },
  },
});
