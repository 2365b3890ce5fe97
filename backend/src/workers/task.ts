import type { JobHelpers, TaskList } from 'graphile-worker';
import type { Knex } from 'knex';
import { createKnex } from '../db/knex';
import type { SequenceMailer, SequenceWebhooks } from '../domains/sequences/ports';

/**
 * What a worker task gets besides its payload: the owner-connection knex (opened on first use, closed when the
 * runner stops) and the ports the process wired. Made once by `startWorkers`; no task reads a module global.
 */
export type WorkerDeps = {
  knex(): Knex;
  /** Where sequence emails go (the mail outbox unless a test or the bench wires another). */
  sequenceMailer: SequenceMailer;
  /** Where sequence webhook steps go. */
  sequenceWebhooks: SequenceWebhooks;
  /** The API's public URL (links in sequence emails). */
  publicUrl: string;
};

/** When a task runs by itself: a graphile-worker crontab line, one run at a time by default. */
export type TaskSchedule = {
  /** Five crontab fields (`'* * * * *'`: every minute). */
  cron: string;
  /** A named queue runs its jobs one after another (tasks that share one never overlap). */
  queue?: string;
  /** Merge runs under one job key (default true): a slow run never piles up copies of itself. */
  single?: boolean;
  /** With `single`: a new tick keeps the waiting run's time instead of pushing it back (default true). */
  preserveRunAt?: boolean;
};

/**
 * One kind of background job. `accepts` checks a queued payload: a bad one is logged and dropped, never retried.
 * Retries of a failed job follow `maxAttempts` with graphile-worker's exponential backoff (jobs queued through
 * `jobOptions`).
 */
export type WorkerTask<P = unknown> = {
  name: string;
  schedule?: TaskSchedule;
  maxAttempts?: number;
  accepts?: (payload: unknown) => payload is P;
  run(payload: P, deps: WorkerDeps, helpers: JobHelpers): Promise<void>;
};

/** A declared task as the runner sees it: the payload check is inside `handle`. */
export type DefinedTask = Pick<WorkerTask, 'name' | 'schedule' | 'maxAttempts'> & {
  handle(payload: unknown, deps: WorkerDeps, helpers: JobHelpers): Promise<void>;
};

/** Declares a task (typed payload). */
export function defineTask<P = unknown>(task: WorkerTask<P>): DefinedTask {
  const { run, accepts, ...rest } = task;
  return {
    ...rest,
    async handle(payload, deps, helpers) {
      if (accepts && !accepts(payload)) return helpers.logger.warn(`${task.name}: bad payload, dropped`);
      await run(payload as P, deps, helpers);
    },
  };
}

/** graphile-worker's task list for `tasks`, each run with `deps`. */
export function taskListOf(tasks: readonly DefinedTask[], deps: WorkerDeps): TaskList {
  return Object.fromEntries(
    tasks.map((task) => [task.name, (payload: unknown, helpers: JobHelpers) => task.handle(payload, deps, helpers)]),
  );
}

/** The crontab of the scheduled tasks, in graphile-worker's syntax (`<cron> <task> ?max=1&queue=...&jobKey=...`). */
export function crontabOf(tasks: readonly DefinedTask[]): string {
  return tasks
    .filter((task) => task.schedule)
    .map((task) => {
      const s = task.schedule!;
      const options = new URLSearchParams({ max: '1' });
      if (s.queue) options.set('queue', s.queue);
      if (s.single ?? true) {
        options.set('jobKey', task.name);
        if (s.preserveRunAt ?? true) options.set('jobKeyMode', 'preserve_run_at');
      }
      return `${s.cron} ${task.name} ?${options.toString()}`;
    })
    .join('\n');
}

/** The tasks' shared owner-connection knex, opened on first use. */
export function lazyOwnerKnex(ownerUrl: string): { knex(): Knex; close(): Promise<void> } {
  let knex: Knex | null = null;
  return {
    knex: () => (knex ??= createKnex(ownerUrl, { pool: { min: 0, max: 3 }, applicationName: 'pivotal-worker-tasks' })),
    async close() {
      const open = knex;
      knex = null;
      await open?.destroy();
    },
  };
}
