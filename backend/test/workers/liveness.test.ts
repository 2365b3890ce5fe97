import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Logger, makeWorkerUtils, run, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolClient, unlockDeadWorkers, workerLiveness } from '#workers/liveness';
import { createTestApp, type TestApp } from '../helpers/app';
import { startTcpProxy, viaPort, type TcpProxy } from '../helpers/tcpProxy';

const quiet = new Logger(() => () => undefined);

describe('dead worker unlocking (liveness locks)', () => {
  let t: TestApp;
  let pool: pg.Pool;
  let utils: WorkerUtils;
  beforeAll(async () => {
    t = await createTestApp();
    pool = new pg.Pool({ connectionString: t.db.ownerUrl, max: 3 });
    utils = await makeWorkerUtils({ pgPool: pool, logger: quiet });
    await utils.migrate();
  }, 60_000);
  afterAll(async () => {
    await utils?.release();
    await pool?.end();
    await t?.close();
  });

  const jobState = async (id: string) =>
    (
      await pool.query<{ lockedBy: string | null; queueLockedBy: string | null; attempts: number }>(
        `SELECT j.locked_by AS "lockedBy", q.locked_by AS "queueLockedBy", j.attempts FROM graphile_worker._private_jobs j
         LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id WHERE j.id = $1`,
        [id],
      )
    ).rows[0];
  const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("leaves a live worker's long job alone, and frees a SIGKILLed worker's job and queue at once", async () => {
    const stuck = await utils.addJob('hang', {}, { queueName: 'mail-send:mailbox-1', maxAttempts: 5 });
    const child = spawn(
      process.execPath,
      [
        '--conditions=@pivotal-pm/source',
        '--import',
        'tsx',
        join(import.meta.dirname, 'hangingWorker.ts'),
        t.db.ownerUrl,
      ],
      {
        cwd: join(import.meta.dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('running')) resolve();
      });
      child.once('exit', () => reject(new Error('the hanging worker exited early')));
    });
    const locked = await jobState(stuck.id);
    expect(locked?.lockedBy).toBeTruthy();
    expect(locked?.queueLockedBy).toBe(locked?.lockedBy);

    // Alive: its liveness lock is held, so however old the job's lock, it stays.
    const probe = () =>
      poolClient(pool)(async (c) => {
        const {
          rows: [r],
        } = await c.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${0x5076}, hashtext($1)) AS ok`, [
          locked!.lockedBy,
        ]);
        if (r?.ok) await c.query(`SELECT pg_advisory_unlock(${0x5076}, hashtext($1))`, [locked!.lockedBy]);
        return !r?.ok;
      });
    expect(await until(probe, (held) => held)).toBe(true);
    expect(await unlockDeadWorkers(poolClient(pool), '0 seconds')).toEqual([]);
    expect((await jobState(stuck.id))?.lockedBy).toBe(locked!.lockedBy);

    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Dead: Postgres dropped its session and the lock with it. A job locked for less than the threshold waits.
    expect(await unlockDeadWorkers(poolClient(pool), '1 hour')).toEqual([]);
    const freed = await until(
      () => unlockDeadWorkers(poolClient(pool), '0 seconds'),
      (ids) => ids.length > 0,
    );
    expect(freed).toEqual([locked!.lockedBy]);
    expect(await jobState(stuck.id)).toMatchObject({ lockedBy: null, queueLockedBy: null });

    // The queue flows again: a new worker runs the job now, not four hours later.
    const ran: string[] = [];
    const liveness = workerLiveness(t.db.ownerUrl, pino({ level: 'silent' }));
    const runner = await run({
      pgPool: pool,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: 100,
      logger: quiet,
      events: liveness.events,
      taskList: {
        hang: async () => {
          ran.push('hang');
        },
      },
    });
    try {
      await until(
        async () => ran.length,
        (n) => n > 0,
      );
      expect(ran).toEqual(['hang']);
    } finally {
      await runner.stop();
      await liveness.close();
    }
  }, 60_000);
});

describe('worker liveness during a Postgres outage', () => {
  let t: TestApp;
  let pool: pg.Pool;
  let proxy: TcpProxy;
  beforeAll(async () => {
    t = await createTestApp();
    pool = new pg.Pool({ connectionString: t.db.ownerUrl, max: 2 });
    const target = new URL(t.db.ownerUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port));
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await pool?.end();
    await t?.close();
  });

  // Read from pg_locks, not by trying the lock: a probe holding it for an instant would make the liveness
  // connection's own try fail (it then counts the lock as held by a colliding worker).
  const held = async (id: string) => {
    const {
      rows: [r],
    } = await pool.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ${0x5076}
         AND objid::bigint = (hashtext($1)::bigint & 4294967295) AND objsubid = 2) AS held`,
      [id],
    );
    return r?.held === true;
  };
  const eventually = async (check: () => Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  };

  it('makes a bounded number of reconnect attempts with backoff (one timer), then takes every lock again', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const liveness = workerLiveness(viaPort(t.db.ownerUrl, proxy.port), log, { initialMs: 200, maxMs: 1_000 });
    const ids = ['worker-a', 'worker-b', 'worker-c', 'worker-d'];
    try {
      for (const workerId of ids)
        (liveness.events as unknown as EventEmitter).emit('worker:create', { worker: { workerId } });
      for (const id of ids) expect(await eventually(() => held(id))).toBe(true);
      const before = proxy.accepted();

      // Postgres answers every connection with a reset for 4 seconds.
      await proxy.down('reset');
      await new Promise((r) => setTimeout(r, 4_000));
      const attempts = proxy.accepted() - before;
      // Delays 200, 400, 800, 1000, 1000 ms (+-20%): about 5; the old reconnect made hundreds per second.
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(attempts).toBeLessThanOrEqual(10);
      for (const id of ids) expect(await held(id)).toBe(false);

      await proxy.up();
      for (const id of ids) expect(await eventually(() => held(id), 5_000)).toBe(true);
      // Over the whole outage the log stayed small too (a warning per lost connection and per doubling of failures).
      expect(lines.length).toBeLessThanOrEqual(12);
      // Recovered: no more attempts once the locks are back.
      const settled = proxy.accepted();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(proxy.accepted()).toBe(settled);
    } finally {
      await liveness.close();
    }
  }, 30_000);
});
