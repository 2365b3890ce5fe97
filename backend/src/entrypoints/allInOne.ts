import { spawn } from 'node:child_process';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { seedDemo } from '../db/seeds/demo';
import { startWorkers } from '../workers';
import { ensureAppsBuilt } from './apps';
import { bootDatabase } from './boot';
import { startApi } from './api';

/** `npm start`: embedded Postgres (unless DATABASE_URL), migrations, demo seed, workers and the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  say('Pivotal: starting...');
  const db = await bootDatabase(config, (m) => log.debug(m));
  say(db.embedded ? `  database   embedded PostgreSQL, data in ${config.dataDir}` : '  database   DATABASE_URL');
  if (config.seedDemo === 'on' || (config.seedDemo === 'auto' && config.env !== 'production')) {
    const loaded = await seedDemo(db.ownerKnex);
    say(loaded ? '  demo       loaded tenants acme and globex' : '  demo       tenants already present');
  }
  const workers = config.workers ? await startWorkers(db.ownerUrl, log) : null;
  if (workers) say('  workers    graphile-worker (partition maintenance, webhooks, ...)');
  const apps = await ensureAppsBuilt(say);
  const api = await startApi(config, db, log);
  say(`  api        ${config.publicUrl}  (POST /v1/<operationId>, /healthz, /metrics, /v1/events/stream)`);
  if (apps) say(`  teams tab  ${config.publicUrl}/app/teams/  (open it in a browser and pick a seeded user)`);
  if (config.devAuth) {
    say('');
    say('Get a token for a seeded user (acme or globex: admin@, manager@, rep@, rep2@, marketer@, qa@, analyst@, viewer@, approver@):');
    say('  TOKEN=$(npm run --silent pivotal -- token --user rep@acme.test | tail -n 1)');
    say(`  curl -s ${config.publicUrl}/v1/me.get -H "authorization: Bearer $TOKEN"`);
  }
  say('Ctrl-C stops everything.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('Pivotal: stopping...');
    // Ctrl-C also reaches the embedded Postgres (same process group): stop what is left, tolerate what is gone.
    await api.close().catch(() => undefined);
    if (workers) await workers.stop().catch(() => undefined);
    if (workers) await workers.pool.end().catch(() => undefined);
    // Connections still open now are closed by Postgres stopping: expected, not worth a warning.
    log.level = 'error';
    await db.close().catch(() => undefined);
    say('Pivotal: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Supervised by `npm start`: if that launcher dies without forwarding a signal, stop too (no orphans).
  const launcher = process.ppid;
  if (process.env.PIVOTAL_SUPERVISED === '1') setInterval(() => process.ppid !== launcher && void stop(), 2000).unref();
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group, embedded Postgres included, which then
 * dies under the workers' feet. So `npm start` runs the server in its own session and forwards the signal:
 * the server then stops in order (API, workers, Postgres).
 */
function supervise(): void {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, PIVOTAL_SUPERVISED: '1' },
  });
  const forward = () => child.kill('SIGTERM');
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.env.PIVOTAL_SUPERVISED === '1') {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
} else {
  supervise();
}
