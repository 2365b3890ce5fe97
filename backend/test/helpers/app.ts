import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTVerifyGetKey } from 'jose';
import { PivotalClient, roles, type OperationId, type Role } from '@pivotal-pm/sdk';
import { createApp } from '#app';
import { ensureSigningKey } from '#auth/signingKeys';
import { loadConfig, type Config } from '#config';
import { uuidv7 } from '#db/ids';
import { createTenant } from '#db/seeds/tenants';
import { withTenant } from '#db/tenantTx';
import { handlers as defaultHandlers } from '#domains/handlers';
import type { EventHub } from '#domains/events/stream/hub';
import { extraRoutes } from '#http/extraRoutes';
import { mintDevToken } from '#http/platformRoutes';
import type { Handlers, Services } from '#http/types';
import { createLogger } from '#observability/logger';
import { createMetrics } from '#observability/metrics';
import { buildServices } from '#services';
import { startTelephony } from '#entrypoints/telephony';
import type { AcsEmulator } from '#integrations/acs/emulator/index';
import { selfSignedCertificate } from '#integrations/graph/emulator/certificate';
import { createTestDatabase, type TestDatabase } from './db';

/** A user of a test tenant with a ready bearer token. */
export type TestUser = { id: string; email: string; role: Role; token: string };
/** A tenant made for a test: one user per role, and client "Northwind" the client roles are confined to. */
export type TestTenant = { id: string; slug: string; clientId: string; users: Record<Role, TestUser> };

/** A running API on a fresh database, with helpers to make tenants, tokens and calls. */
export type TestApp = {
  baseUrl: string;
  db: TestDatabase;
  services: Services;
  config: Config;
  /** The app's live event hub (stream counts and outbox reads). */
  eventHub: EventHub;
  /** The ACS emulator, when the app was started with `telephony`. */
  acs: AcsEmulator | null;
  /** A tenant with one user per role (emails `<role>@<slug>.test`). */
  tenant(slug?: string): Promise<TestTenant>;
  token(slug: string, email: string): Promise<string>;
  /** An SDK client for a token (no retries, so tests see the first answer). */
  client(token: string): PivotalClient;
  /** A raw HTTP call to an operation: status, body and headers exactly as sent. */
  call(
    op: OperationId | string,
    body: unknown,
    token?: string,
    init?: { method?: 'GET' | 'POST'; headers?: Record<string, string>; query?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
};

/** Starts the app on a fresh database cloned from the migrated template. */
export async function createTestApp(
  options: {
    handlers?: Handlers;
    env?: Record<string, string>;
    entraKeys?: JWTVerifyGetKey;
    /** The requests' clock (pins the time of day for what depends on it). */
    clock?: () => Date;
    /** Start the ACS emulator and install the telephony runtime (callbacks come to this app). */
    telephony?: boolean;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  await ensureSigningKey(db.ownerKnex, 'embed');
  await ensureSigningKey(db.ownerKnex, 'dev');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...options.env,
  });
  const log = createLogger(config.logLevel);
  const built = await buildServices(config, db.appKnex, options.entraKeys ? { entraKeys: options.entraKeys } : {});
  const services = options.clock ? { ...built, clock: options.clock } : built;
  const extras = extraRoutes({ config, knex: db.appKnex, services, log });
  const app = createApp({
    config,
    knex: db.appKnex,
    services,
    handlers: options.handlers ?? defaultHandlers,
    log,
    metrics: createMetrics(false),
    extraRoutes: extras.mounts,
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let counter = 0;
  const telephony = options.telephony
    ? await startTelephony(config, {
        publicUrl: baseUrl,
        port: 0,
        certificate: { ...(await selfSignedCertificate()), certFile: null },
      })
    : null;

  const token = async (slug: string, email: string) =>
    (await mintDevToken({ knex: db.appKnex, services }, slug, email, 3600)).token;

  return {
    baseUrl,
    db,
    services,
    config,
    eventHub: extras.hub,
    acs: telephony?.emulator ?? null,
    token,
    async tenant(slug = `t${Date.now().toString(36)}${counter++}`) {
      const t = await createTenant(db.ownerKnex, { slug, name: `Tenant ${slug}` });
      const clientId = uuidv7();
      const users = {} as Record<Role, TestUser>;
      await withTenant(
        db.ownerKnex,
        { tenantId: t.id, userId: null, clientIds: null, mailboxScope: 'all' },
        async (trx) => {
          await trx('clients').insert({ tenantId: t.id, id: clientId, name: 'Northwind', status: 'active' });
          for (const role of roles) {
            const id = uuidv7();
            const email = `${role.toLowerCase()}@${slug}.test`;
            await trx('users').insert({
              tenantId: t.id,
              id,
              email,
              displayName: `${role} user`,
              entraObjectId: id,
              active: true,
              timeZone: 'UTC',
            });
            await trx('roleAssignments').insert({
              tenantId: t.id,
              id: uuidv7(),
              userId: id,
              role,
              clientId: role.startsWith('client') ? clientId : null,
            });
            users[role] = { id, email, role, token: '' };
          }
        },
      );
      for (const role of roles) users[role].token = await token(slug, users[role].email);
      return { id: t.id, slug, clientId, users };
    },
    client: (tok) => new PivotalClient({ baseUrl, token: tok, maxRetries: 0 }),
    async call(op, body, tok, init = {}) {
      const method = init.method ?? 'POST';
      const res = await fetch(`${baseUrl}/v1/${op}${init.query ? `?${init.query}` : ''}`, {
        method,
        headers: {
          ...(tok ? { authorization: `Bearer ${tok}` } : {}),
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async close() {
      await telephony?.close();
      await extras.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await db.destroy();
    },
  };
}
