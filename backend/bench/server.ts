import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, type Config } from '#config';
import type { BootedDatabase } from '#entrypoints/boot';

/** The API as its own process (all-in-one entrypoint, workers and demo seed off) on a bench database. */
export async function startBenchServer(
  db: BootedDatabase,
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<{ baseUrl: string; process: ChildProcess; stop(): Promise<void> }> {
  const root = join(import.meta.dirname, '..', '..');
  const server = spawn(
    process.execPath,
    ['--conditions=@pivotal-pm/source', '--import', 'tsx', 'src/entrypoints/allInOne.ts'],
    {
      cwd: join(root, 'backend'),
      env: {
        ...process.env,
        DATABASE_URL: db.ownerUrl,
        DATABASE_APP_URL: db.appUrl,
        PIVOTAL_DATA_DIR: dataDir,
        PORT: String(port),
        PIVOTAL_WORKERS: 'off',
        PIVOTAL_SEED_DEMO: 'off',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
        PIVOTAL_CHECK_OUTPUTS: 'off',
        PIVOTAL_SUPERVISED: '1',
        RATE_LIMIT_PER_MINUTE: '10000000',
        ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (b: Buffer) => b.toString().includes('Ctrl-C') && resolve());
    server.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    process: server,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    },
  };
}

/** The bench database's data directory and configuration (BENCH_DATA_DIR, BENCH_PG_PORT), with `extra` settings. */
export function benchConfig(extra: Record<string, string> = {}): { dataDir: string; config: Config } {
  const dataDir = process.env.BENCH_DATA_DIR ?? join(import.meta.dirname, '..', '..', '.data-bench');
  const config = loadConfig({
    ...process.env,
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.BENCH_PG_PORT ?? '54330',
    LOG_LEVEL: 'warn',
    ...extra,
  });
  return { dataDir, config };
}
