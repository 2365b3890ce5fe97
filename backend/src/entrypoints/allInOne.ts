import { spawn } from 'node:child_process';
import { loadConfig } from '#config';
import { stopOnSignalsOurselves, stopStartedClusters } from '#db/embedded';
import { createLogger } from '#observability/logger';
import { type AllInOne, startAllInOne } from './allInOneBoot';
import { emulatorTrustEnv } from './embeddedGraph';

/** `npm start`: embedded Postgres (unless DATABASE_URL), migrations, demo seed, Graph emulator, workers and the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  // Ctrl-C and SIGTERM are ours from the first line: we stop everything in order, then exit 0.
  stopOnSignalsOurselves();
  const starting = new AbortController();
  let running: AllInOne | null = null;
  let signals = 0;
  const stop = async () => {
    signals += 1;
    // Connections closing under a stopping component are expected from here on: only errors are worth a line.
    log.level = signals > 1 ? 'silent' : 'error';
    if (signals === 1 && running) {
      say('Pivotal: stopping (API, workers, Graph emulator, database)...');
      await running.stop();
    } else if (signals === 1) {
      say('Pivotal: stopping once the current start-up step ends (Ctrl-C again to stop at once)...');
      starting.abort();
      return; // main() stops what was started and exits
    } else if (signals === 2 && !running) {
      // At once: stop Postgres under whatever still runs, and keep what that breaks from printing.
      process.on('uncaughtException', () => undefined);
      for (const method of ['log', 'info', 'warn', 'error'] as const) console[method] = () => undefined;
      say('Pivotal: stopping now...');
      await stopStartedClusters();
    } else {
      return;
    }
    say('Pivotal: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  say('Pivotal: starting...');
  try {
    running = await startAllInOne(config, log, say, { signal: starting.signal });
  } catch (error) {
    if (!starting.signal.aborted) throw error;
    say('Pivotal: stopped.');
    process.exit(0);
  }
  if (config.devAuth) {
    say('');
    say(
      'Get a token for a seeded user (acme or globex: admin@, manager@, rep@, rep2@, marketer@, qa@, analyst@, viewer@, approver@):',
    );
    say('  TOKEN=$(npm run --silent pivotal -- token --user rep@acme.test | tail -n 1)');
    say(`  curl -s ${config.publicUrl}/v1/me.get -H "authorization: Bearer $TOKEN"`);
    if (running.emulator)
      say(
        `  curl -s ${config.publicUrl}/v1/mail.messages.list -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"limit": 5}'`,
      );
  }
  say('Ctrl-C stops everything.');
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
  // One Ctrl-C reaches us several times (from the terminal, and forwarded by each npm above us): pass it on
  // once; a second press a moment later is a second signal (the server then stops at once).
  let forwarded = 0;
  const forward = () => {
    if (Date.now() - forwarded < 500) return;
    forwarded = Date.now();
    child.kill('SIGTERM');
  };
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
