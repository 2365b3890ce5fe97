import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { mountCalendarRoutes } from './calendarRoutes';
import { type EmulatorCertificate, selfSignedCertificate } from './certificate';
import { type GraphControl, createControl } from './control';
import { mountControlRoutes } from './controlRoutes';
import { mountFolderRoutes } from './folderRoutes';
import { type EmulatorState, graphGate } from './gate';
import { mountMessageRoutes } from './messageRoutes';
import { OAuthState } from './oauth';
import { mountOAuthRoutes } from './oauthRoutes';
import { loadEmulatorState, saveEmulatorState, stateRevision } from './persistence';
import { GraphStore } from './store';
import { mountSubscriptionRoutes } from './subscriptionRoutes';
import { SubscriptionHub } from './subscriptions';
import { GRAPH_MAIL_LIMITS, MailboxThrottle, type ThrottleLimits } from './throttle';

/**
 * Options for `startGraphEmulator`; port 0 (default) picks a free port on 127.0.0.1. `certificate` reuses a kept
 * certificate (else one is made for this run); `stateFile` restores the state at start and saves it on change
 * (at most once a second) and at close.
 */
export type GraphEmulatorOptions = {
  port?: number;
  host?: string;
  limits?: Partial<ThrottleLimits>;
  certificate?: EmulatorCertificate;
  stateFile?: string;
};

/** A running emulator: its base URL, the CA to trust (PEM and a file for NODE_EXTRA_CA_CERTS), control and close. */
export type GraphEmulator = {
  url: string;
  caPem: string;
  caFile: string;
  control: GraphControl;
  /** Names the state's history: the same across restarts from one state file, new when the state was lost. */
  epoch: string;
  /** Whether the state came from `stateFile`. */
  restored: boolean;
  /** Saves the state now (no-op without a state file). */
  save(): Promise<void>;
  close(): Promise<void>;
};

/** Builds the Koa app over a fresh state (exported for embedding the emulator in another server). */
export function createGraphEmulatorApp(limits: Partial<ThrottleLimits> = {}): {
  app: Koa;
  control: GraphControl;
  state: EmulatorState;
} {
  const store = new GraphStore();
  const throttle = new MailboxThrottle({ ...GRAPH_MAIL_LIMITS, ...limits });
  const state: EmulatorState = {
    store,
    throttle,
    sent: [],
    requests: [],
    subscriptions: new SubscriptionHub(store),
    oauth: new OAuthState(store),
  };
  const control = createControl(state);
  const app = new Koa();
  const router = new Router();
  mountFolderRoutes(router, state);
  mountMessageRoutes(router, state);
  mountCalendarRoutes(router, state);
  mountSubscriptionRoutes(router, state);
  mountOAuthRoutes(router, state);
  mountControlRoutes(router, control);
  // text: Graph's MIME format (base64 of the message, `Content-Type: text/plain`).
  app.use(bodyParser({ enableTypes: ['json', 'form', 'text'], jsonLimit: '4mb', textLimit: '6mb', encoding: 'utf-8' }));
  app.use(graphGate(state));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, control, state };
}

/**
 * Starts the Graph emulator over HTTPS with a certificate made at start; child processes trust it through
 * `NODE_EXTRA_CA_CERTS=<caFile>`, in-process clients through `caPem` (an https `ca` option, or
 * `tls.setDefaultCACertificates`).
 */
export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const { key, cert } = options.certificate ?? (await selfSignedCertificate());
  const dir = options.certificate?.certFile ? null : await mkdtemp(join(tmpdir(), 'pivotal-graph-emulator-'));
  const caFile = options.certificate?.certFile ?? join(dir!, 'ca.pem');
  if (dir) await writeFile(caFile, cert, { mode: 0o644 });
  const { app, control, state } = createGraphEmulatorApp(options.limits);
  const stateFile = options.stateFile;
  const loaded = stateFile
    ? await loadEmulatorState(state, stateFile)
    : { epoch: crypto.randomUUID(), restored: false };
  let savedRevision = stateRevision(state);
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    if (!stateFile) return Promise.resolve();
    // One write at a time, each of the latest state.
    saving = saving.then(async () => {
      const revision = stateRevision(state);
      await saveEmulatorState(state, stateFile, loaded.epoch);
      savedRevision = revision;
    });
    return saving;
  };
  const autosave = stateFile
    ? setInterval(() => void (stateRevision(state) !== savedRevision && save().catch(() => undefined)), 1_000)
    : null;
  autosave?.unref();
  const server = createServer({ key, cert }, app.callback());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${host}:${port}`,
    caPem: cert,
    caFile,
    control,
    epoch: loaded.epoch,
    restored: loaded.restored,
    save,
    async close() {
      if (autosave) clearInterval(autosave);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await save();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
