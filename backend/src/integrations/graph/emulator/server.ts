import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { generate } from 'selfsigned';
import { type GraphControl, createControl } from './control';
import { mountControlRoutes } from './controlRoutes';
import { mountFolderRoutes } from './folderRoutes';
import { type EmulatorState, graphGate } from './gate';
import { mountMessageRoutes } from './messageRoutes';
import { OAuthState } from './oauth';
import { mountOAuthRoutes } from './oauthRoutes';
import { GraphStore } from './store';
import { mountSubscriptionRoutes } from './subscriptionRoutes';
import { SubscriptionHub } from './subscriptions';
import { GRAPH_MAIL_LIMITS, MailboxThrottle, type ThrottleLimits } from './throttle';

/** Options for `startGraphEmulator`; port 0 (default) picks a free port on 127.0.0.1. */
export type GraphEmulatorOptions = { port?: number; host?: string; limits?: Partial<ThrottleLimits> };

/** A running emulator: its base URL, the CA to trust (PEM and a file for NODE_EXTRA_CA_CERTS), control and close. */
export type GraphEmulator = {
  url: string;
  caPem: string;
  caFile: string;
  control: GraphControl;
  close(): Promise<void>;
};

/** Builds the Koa app over a fresh state (exported for embedding the emulator in another server). */
export function createGraphEmulatorApp(limits: Partial<ThrottleLimits> = {}): { app: Koa; control: GraphControl } {
  const store = new GraphStore();
  const throttle = new MailboxThrottle({ ...GRAPH_MAIL_LIMITS, ...limits });
  const state: EmulatorState = { store, throttle, sent: [], requests: [], subscriptions: new SubscriptionHub(store), oauth: new OAuthState(store) };
  const control = createControl(state);
  const app = new Koa();
  const router = new Router();
  mountFolderRoutes(router, state);
  mountMessageRoutes(router, state);
  mountSubscriptionRoutes(router, state);
  mountOAuthRoutes(router, state);
  mountControlRoutes(router, control);
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '4mb', encoding: 'utf-8' }));
  app.use(graphGate(state));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, control };
}

/** Generates a self-signed certificate for localhost/127.0.0.1 (CA flag set, so it can be trusted as its own root). */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const notAfterDate = new Date(Date.now() + 30 * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'Pivotal Graph emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Starts the Graph emulator over HTTPS with a certificate made at start; child processes trust it through
 * `NODE_EXTRA_CA_CERTS=<caFile>`, in-process clients through `caPem` (an https `ca` option, or
 * `tls.setDefaultCACertificates`).
 */
export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const { key, cert } = await selfSignedCertificate();
  const dir = await mkdtemp(join(tmpdir(), 'pivotal-graph-emulator-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, cert, { mode: 0o644 });
  const { app, control } = createGraphEmulatorApp(options.limits);
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
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
