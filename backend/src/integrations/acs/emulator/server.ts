import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { type EmulatorCertificate, selfSignedCertificate } from '#integrations/graph/emulator/certificate';
import { type AcsControl, createAcsControl } from './control';
import { controlRouter } from './controlRoutes';
import { acsGate } from './gate';
import { ACS_CALLBACK_ISSUER, createSigningKeys } from './keys';
import { acsRoutes } from './routes';
import type { AcsState } from './types';

/** Options for `startAcsEmulator`; port 0 (default) picks a free port on 127.0.0.1. */
export type AcsEmulatorOptions = {
  port?: number;
  host?: string;
  /** A kept certificate (`ensureEmulatorCertificate`), else one is made for this run. */
  certificate?: EmulatorCertificate;
  /** The resource's access key (base64); random by default. */
  accessKey?: string;
  /** The resource's immutable id: the callback tokens' audience. Random by default. */
  resourceId?: string;
  /** The callback tokens' issuer; ACS's own by default. */
  callbackIssuer?: string;
  /** Where RecordingFileStatusUpdated goes (Event Grid's webhook), if anywhere. */
  eventGridUrl?: string;
  /** How long the rep's browser takes to answer a placed call (default 30 ms). */
  repAnswerMs?: number;
};

/** A running ACS emulator. */
export type AcsEmulator = {
  url: string;
  /** `endpoint=<url>/;accesskey=<key>`, as the SDK clients take it. */
  connectionString: string;
  accessKey: string;
  resourceId: string;
  callbackIssuer: string;
  /** The callback tokens' JWKS. */
  jwksUrl: string;
  /** The certificate to trust (PEM). */
  caPem: string;
  control: AcsControl;
  close(): Promise<void>;
};

/** Starts the ACS emulator over HTTPS (the SDKs only speak https); trust `caPem` as the Graph emulator's. */
export async function startAcsEmulator(options: AcsEmulatorOptions = {}): Promise<AcsEmulator> {
  const { key, cert } = options.certificate ?? (await selfSignedCertificate());
  const host = options.host ?? '127.0.0.1';
  const state: AcsState = {
    accessKey: options.accessKey ?? randomBytes(32).toString('base64'),
    resourceId: options.resourceId ?? randomUUID(),
    host,
    keys: await createSigningKeys(),
    callbackIssuer: options.callbackIssuer ?? ACS_CALLBACK_ISSUER,
    repAnswerMs: options.repAnswerMs ?? 30,
    eventGridUrl: options.eventGridUrl ?? null,
    identities: new Map(),
    calls: new Map(),
    recordings: new Map(),
    files: new Map(),
    numbers: new Map(),
    faults: [],
    callbacks: [],
    timers: new Set(),
  };
  const control = createAcsControl(state);
  const app = new Koa();
  const router = controlRouter(control);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === '/calling/keys') ctx.body = { keys: [state.keys.publicJwk] };
    else if (ctx.path === '/calling/.well-known/acsopenidconfiguration')
      ctx.body = { issuer: state.callbackIssuer, jwks_uri: `${ctx.protocol}://${ctx.host}/calling/keys` };
    else return next();
  });
  app.use(acsGate(state));
  app.use(acsRoutes(state));
  const server = createServer({ key, cert }, app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://${host}:${port}`;
  return {
    url,
    connectionString: `endpoint=${url}/;accesskey=${state.accessKey}`,
    accessKey: state.accessKey,
    resourceId: state.resourceId,
    callbackIssuer: state.callbackIssuer,
    jwksUrl: `${url}/calling/keys`,
    caPem: cert,
    control,
    async close() {
      control.reset();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
