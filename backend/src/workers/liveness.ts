import { EventEmitter } from 'node:events';
import type { WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { DB_CONNECT_TIMEOUT_MS } from '#db/knex';
import { backoffMs } from '#lib/backoff';

/**
 * Telling a dead worker from a busy one. graphile-worker locks a job (and its named queue) with the worker's id and
 * only frees the lock of a worker that vanished after 4 hours; one of our per-mailbox queues would stall that long
 * after a crash or an OOM kill. Each worker process therefore holds, for each of its graphile workers, a
 * session-level advisory lock on one connection: Postgres drops it the moment the process or its connection dies.
 * `unlockDeadWorkers` frees the jobs and queues of every worker whose lock nobody holds any more.
 */
const LIVENESS_CLASS = 0x5076; // advisory lock class id ("Pv"), apart from any other advisory lock use

const lockSql = (fn: string) => `SELECT ${fn}(${LIVENESS_CLASS}, hashtext($1)) AS ok`;

/** Reconnect pacing of the liveness connection: first delay, cap (each failure doubles it), and the random spread. */
export type LivenessBackoff = { initialMs: number; maxMs: number; jitter: number };

const DEFAULT_BACKOFF: LivenessBackoff = { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 };

/**
 * The liveness locks of one process: pass `events` to graphile's `run()`, and `close()` after it stopped.
 * While Postgres is unreachable there is at most one pending reconnect (one timer, delays doubling from
 * `initialMs` to `maxMs` with jitter); a reconnect takes every lock again. `attempts()` counts connection attempts.
 */
export function workerLiveness(
  ownerUrl: string,
  log: Logger,
  backoff: Partial<LivenessBackoff> = {},
): { events: WorkerEvents; close(): Promise<void>; attempts(): number } {
  const pace = { ...DEFAULT_BACKOFF, ...backoff };
  const events = new EventEmitter() as WorkerEvents;
  const ids = new Set<string>();
  /** Lock ids held on the current connection. */
  const held = new Set<string>();
  let client: pg.Client | null = null;
  let closed = false;
  let connecting: Promise<pg.Client | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempts = 0;
  /** Reconnects scheduled since the connection was last up (paces the next one). */
  let reconnects = 0;
  let failures = 0;

  // One query at a time on the connection (workers are created together; pg must not get overlapping queries).
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  /** The single reconnect timer: never more than one pending, whatever fails and however often. */
  const scheduleReconnect = () => {
    if (closed || timer || connecting || ids.size === 0) return;
    reconnects += 1;
    const wait = backoffMs(
      { baseMs: pace.initialMs, maxMs: pace.maxMs, spread: [1 - pace.jitter, 1 + pace.jitter] },
      reconnects,
    );
    timer = setTimeout(() => {
      timer = null;
      void connect().then((c) => (c ? lockAll() : scheduleReconnect()));
    }, wait);
    timer.unref();
  };

  const connect = (): Promise<pg.Client | null> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      attempts += 1;
      const c = new pg.Client({
        connectionString: ownerUrl,
        application_name: 'pivotal-worker-liveness',
        connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
      });
      let lost = false;
      const onLost = (err?: Error) => {
        if (lost) return;
        lost = true;
        if (client !== c) return; // a failed connect is handled below, once
        client = null;
        held.clear();
        // Locks went with the connection: take them again on a new one (our jobs may meanwhile look dead).
        if (!closed) log.warn({ err: err?.message }, 'worker liveness connection lost');
        scheduleReconnect();
      };
      c.on('error', onLost);
      c.on('end', () => onLost());
      try {
        await c.connect();
        if (closed) {
          await c.end().catch(() => undefined);
          return null;
        }
        client = c;
        if (failures > 0) log.info({ failures }, 'worker liveness reconnected');
        failures = 0;
        reconnects = 0;
        return c;
      } catch (err) {
        lost = true;
        void c.end().catch(() => undefined);
        failures += 1;
        // Logged on the first failure and then at growing intervals only, so an outage cannot flood the log.
        if ((failures & (failures - 1)) === 0)
          log.warn({ err: (err as Error).message, failures }, 'worker liveness could not connect');
        return null;
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  const lock = (id: string) =>
    serial(async () => {
      if (closed || held.has(id) || !ids.has(id)) return;
      // While a reconnect is pending, wait for it (it takes every lock): no connection attempt per lock.
      const c = client ?? (timer ? null : await connect());
      if (!c || closed) return scheduleReconnect();
      const { rows } = await c.query<{ ok: boolean }>(lockSql('pg_try_advisory_lock'), [id]);
      held.add(id);
      if (!rows[0]?.ok) log.warn({ workerId: id }, 'worker liveness lock already held (hash collision?)');
    });
  const lockAll = async () => {
    for (const id of ids)
      await lock(id).catch((err: Error) => log.warn({ err: err.message }, 'worker liveness relock failed'));
  };

  // A pool with a local queue locks jobs under the pool's id; plain workers under their own.
  events.on('pool:create', ({ workerPool }) => {
    ids.add(workerPool.id);
    lock(workerPool.id).catch((err: Error) =>
      log.warn({ err: err.message, workerId: workerPool.id }, 'worker liveness lock failed'),
    );
  });
  events.on('worker:create', ({ worker }) => {
    ids.add(worker.workerId);
    lock(worker.workerId).catch((err: Error) =>
      log.warn({ err: err.message, workerId: worker.workerId }, 'worker liveness lock failed'),
    );
  });
  events.on('worker:stop', ({ worker }) => {
    ids.delete(worker.workerId);
    if (!held.delete(worker.workerId)) return;
    void serial(async () => client?.query(lockSql('pg_advisory_unlock'), [worker.workerId])).catch(() => undefined);
  });
  return {
    events,
    attempts: () => attempts,
    async close() {
      closed = true;
      ids.clear();
      if (timer) clearTimeout(timer);
      timer = null;
      await serial(async () => {
        await client?.end().catch(() => undefined);
        client = null;
      });
    },
  };
}

/**
 * Frees the jobs and named queues locked for longer than `olderThan` by workers that are gone (their liveness lock
 * is free). A live worker's locks are left alone however long its job runs. Answers the workers it unlocked.
 */
export async function unlockDeadWorkers(withClient: WithClient, olderThan = '2 minutes'): Promise<string[]> {
  return withClient(async (c) => {
    const { rows } = await c.query<{ lockedBy: string }>(
      `SELECT locked_by AS "lockedBy" FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL AND locked_at < now() - $1::interval
       UNION
       SELECT locked_by FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL AND locked_at < now() - $1::interval`,
      [olderThan],
    );
    const dead: string[] = [];
    for (const { lockedBy } of rows) {
      const {
        rows: [probe],
      } = await c.query<{ ok: boolean }>(lockSql('pg_try_advisory_lock'), [lockedBy]);
      if (!probe?.ok) continue; // its process holds the lock: alive
      await c.query(lockSql('pg_advisory_unlock'), [lockedBy]);
      dead.push(lockedBy);
    }
    if (dead.length > 0) await c.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
    return dead;
  });
}

/** Runs `fn` on one connection (graphile's `helpers.withPgClient`, or a pool's). */
export type WithClient = <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/** {@link WithClient} over a pg pool. */
export const poolClient =
  (pool: pg.Pool): WithClient =>
  async (fn) => {
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  };
