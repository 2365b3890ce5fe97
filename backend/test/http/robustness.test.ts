import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { signTracking } from '#domains/mail/trackingLink';
import { unsubscribeSecret } from '#domains/mail/linkSecret';
import { MAX_INPUT_DEPTH } from '#http/validation';
import { createApp } from '#app';
import { createKnex } from '#db/knex';
import { handlers } from '#domains/handlers';
import { extraRoutes } from '#http/extraRoutes';
import { createMetrics } from '#observability/metrics';
import { buildServices } from '#services';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';
import { startTcpProxy, viaPort, type TcpProxy } from '../helpers/tcpProxy';

/** `n` objects nested in one another: nest(1) = {"a":1}. */
const nest = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('avoidable 500s: bad input answers 4xx with the field path and writes nothing', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
  });
  afterAll(async () => t?.close());

  const accounts = async () =>
    withTenant(t.db.ownerKnex, { tenantId: acme.id, userId: null, clientIds: null }, async (trx) =>
      Number((await trx('accounts').where({ tenantId: acme.id }).count<{ count: string }[]>('* as count'))[0]!.count),
    );
  const post = (op: string, body: string) =>
    fetch(`${t.baseUrl}/v1/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.users.admin.token}`, 'content-type': 'application/json' },
      body,
    });

  it('refuses a NUL character in a string, a key or a nested value with 400 at its path', async () => {
    const before = await accounts();
    const cases: [unknown, string][] = [
      [{ name: 'Acme\u0000Corp' }, 'name'],
      [{ name: 'Acme', customFields: { 'k\u0000': 1 } }, 'customFields.k\\u0000'],
      [{ name: 'Acme', customFields: { list: ['ok', 'x\u0000'] } }, 'customFields.list.1'],
      [{ name: 'Acme', tags: ['a\u0000'] }, 'tags.0'],
    ];
    for (const [body, path] of cases) {
      const res = await t.call('account.create', body, acme.users.admin.token);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues[0].path).toBe(path);
      expect(res.body.error.message).toContain('NUL');
    }
    // A query string too (GET of a query operation).
    const get = await t.call('account.list', undefined, acme.users.admin.token, { method: 'GET', query: 'q=a%00b' });
    expect(get.status, JSON.stringify(get.body)).toBe(400);
    expect(get.body.error.details.issues[0].path).toBe('q');
    expect(await accounts()).toBe(before);
  });

  it(`bounds JSON nesting at ${MAX_INPUT_DEPTH} levels before the schema walks it (10,000 deep is a 400, not a 500)`, async () => {
    const before = await accounts();
    const deep = await post('account.create', `{"name":"Deep","customFields":${nest(10_000)}}`);
    expect(deep.status).toBe(400);
    const body = await deep.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues[0]).toMatchObject({
      code: 'too_deep',
      path: ['customFields', ...Array(MAX_INPUT_DEPTH - 1).fill('a')].join('.'),
    });
    // The root object is level 1, so customFields may hold MAX - 1 levels; one more is refused.
    const over = await post('account.create', `{"name":"Over","customFields":${nest(MAX_INPUT_DEPTH)}}`);
    expect(over.status).toBe(400);
    expect(await accounts()).toBe(before);
    const limit = await post('account.create', `{"name":"AtLimit","customFields":${nest(MAX_INPUT_DEPTH - 1)}}`);
    expect(limit.status, await limit.clone().text()).toBe(200);
    expect(await accounts()).toBe(before + 1);
  });

  it('answers 401 (not 500) to an API key whose id is 36 dashes', async () => {
    const res = await t.call('me.get', {}, `pvk_${'-'.repeat(36)}.${'a'.repeat(32)}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('answers 400 to a malformed percent-encoding under /app/teams/', async () => {
    const res = await fetch(`${t.baseUrl}/app/teams/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('answers 404 to forged tracking and unsubscribe links, and writes nothing (the signature is checked first)', async () => {
    const secrets = () =>
      t.db
        .ownerKnex('unsubscribeSecrets')
        .count<{ count: string }[]>('* as count')
        .then((r) => Number(r[0]!.count));
    const hits = () =>
      t.db
        .ownerKnex('sequenceSendEvents')
        .count<{ count: string }[]>('* as count')
        .then((r) => Number(r[0]!.count));
    const before = { secrets: await secrets(), hits: await hits() };
    const forge = (claim: unknown[]) =>
      `${Buffer.from(JSON.stringify(claim)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    const forged = [
      forge([acme.id, 'seq:anything', null]), // a real tenant without a signing secret yet
      forge([acme.id, 'seq:anything', 'https://evil.example/']),
      forge(['-'.repeat(36), 'seq:x', null]),
      forge([uuidv7(), 'seq:x', null]), // no such tenant
      forge([acme.id, 'seq:\u0000', null]),
      'not-a-token',
    ];
    for (const token of forged) {
      const res = await fetch(`${t.baseUrl}/t/${token}`, { redirect: 'manual' });
      expect(res.status, token).toBe(404);
    }
    expect({ secrets: await secrets(), hits: await hits() }).toEqual(before);

    // With a secret in place, a token signed by another secret is still refused without a write.
    await withTenant(t.db.ownerKnex, { tenantId: acme.id, userId: null, clientIds: null }, (trx) =>
      unsubscribeSecret(trx, acme.id),
    );
    const wrongKey = signTracking(randomBytes(32), {
      tenantId: acme.id,
      sendKey: 'seq:anything',
      url: 'https://evil.example/',
    });
    const res = await fetch(`${t.baseUrl}/t/${wrongKey}`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(await hits()).toBe(before.hits);

    for (const claim of [
      ['-'.repeat(36), '-'.repeat(36), null],
      [uuidv7(), uuidv7(), null],
    ]) {
      for (const method of ['GET', 'POST']) {
        const u = await fetch(`${t.baseUrl}/u/${forge(claim)}`, { method });
        expect(u.status, `${method} ${JSON.stringify(claim)}`).toBe(404);
      }
    }
  });
});

describe('a database outage answers 503 with Retry-After, logged as a warning', () => {
  let t: TestApp;
  let acme: TestTenant;
  let proxy: TcpProxy;
  let knex: Knex;
  let server: http.Server;
  let baseUrl: string;
  let extras: ReturnType<typeof extraRoutes>;
  const lines: { level: number; msg: string }[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
    const target = new URL(t.db.appUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port));
    // A second app over the same database, reaching it through a relay the test can cut.
    knex = createKnex(viaPort(t.db.appUrl, proxy.port), { pool: { min: 0, max: 2 } });
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const services = await buildServices(t.config, knex);
    extras = extraRoutes({ config: t.config, knex, services, log });
    const app = createApp({
      config: t.config,
      knex,
      services,
      handlers,
      log,
      metrics: createMetrics(false),
      extraRoutes: extras.mounts,
    });
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await extras?.close();
    await knex?.destroy();
    await proxy?.close();
    await t?.close();
  });

  const me = (token: string) =>
    fetch(`${baseUrl}/v1/me.get`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });

  it('refused connections (port closed) and cut connections both answer 503 unavailable; service resumes after', async () => {
    expect((await me(acme.users.admin.token)).status).toBe(200);
    const errorsBefore = lines.filter((l) => l.level >= 50).length;

    await proxy.down('closed');
    // A token already authenticated (cached principal): the operation's transaction fails to connect.
    const cached = await me(acme.users.admin.token);
    // A token never seen: authentication itself needs the database.
    const fresh = await me(acme.users.salesRep.token);
    // A public route outside the operations (tracking) as well.
    const tracking = await fetch(
      `${baseUrl}/t/${Buffer.from(JSON.stringify([acme.id, 'seq:x', null])).toString('base64url')}.sig`,
    );
    for (const res of [cached, fresh]) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = await res.json();
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toMatch(/database/i);
    }
    expect(tracking.status).toBe(503);

    await proxy.down('reset');
    expect((await me(acme.users.admin.token)).status).toBe(503);

    const errorsDuring = lines.filter((l) => l.level >= 50).length;
    expect(errorsDuring).toBe(errorsBefore);
    expect(lines.filter((l) => l.level === 40 && l.msg === 'service unavailable').length).toBeGreaterThanOrEqual(4);

    await proxy.up();
    const after = await me(acme.users.salesRep.token);
    expect(after.status).toBe(200);
  }, 30_000);
});
