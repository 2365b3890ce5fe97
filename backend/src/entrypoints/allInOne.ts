import { spawn } from 'node:child_process';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { startAllInOne } from './allInOneBoot';
import { emulatorTrustEnv } from './embeddedGraph';

/** `npm start`: embedded Postgres (unless DATABASE_URL), migrations, demo seed, Graph emulator, workers and the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  say('Pivotal: starting...');
  const running = await startAllInOne(config, log, say);
  if (config.devAuth) {
    say('');
    say('Get a token for a seeded user (acme or globex: admin@, manager@, rep@, rep2@, marketer@, qa@, analyst@, viewer@, approver@):');
    say('  TOKEN=$(npm run --silent pivotal -- token --user rep@acme.test | tail -n 1)');
    say(`  curl -s ${config.publicUrl}/v1/me.get -H "authorization: Bearer $TOKEN"`);
    if (running.emulator) say(`  curl -s ${config.publicUrl}/v1/mail.messages.list -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"limit": 5}'`);
  }
  say('Ctrl-C stops everything.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('Pivotal: stopping...');
    // Ctrl-C also reaches the embedded Postgres (same process group): stop what is left, tolerate what is gone.
    await running.stop();
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
async function supervise(): Promise<void> {
  // The server trusts the Graph emulator's certificate (kept under the data dir) from its first line on.
  const trust = await emulatorTrustEnv(loadConfig());
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, ...trust, PIVOTAL_SUPERVISED: '1' },
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
  supervise().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
