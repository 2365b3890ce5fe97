import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

describe('platform routes and the operation chain', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
  });
  afterAll(async () => t?.close());

  it('answers health, readiness and Prometheus metrics', async () => {
    expect(await (await fetch(`${t.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${t.baseUrl}/readyz`)).json()).toEqual({ status: 'ready' });
    await t.call('me.get', {}, acme.users.admin.token);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toContain('pivotal_operation_duration_seconds_bucket{le="0.005",operation="me.get"');
  });

  it('refuses a call without a bearer token with 401 and a request id', async () => {
    const res = await t.call('pipeline.list', {});
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses a forged token', async () => {
    const [h, p] = acme.users.admin.token.split('.');
    const res = await t.call('pipeline.list', {}, `${h}.${p}.AAAA`);
    expect(res.status).toBe(401);
  });

  it('keeps a sane caller request id', async () => {
    const res = await t.call('pipeline.list', {}, undefined, { headers: { 'x-request-id': 'req-12345678' } });
    expect(res.headers.get('x-request-id')).toBe('req-12345678');
  });

  it('answers JSON 404 for an unknown operation and 400 for a body that is not JSON', async () => {
    const missing = await t.call('nope.nothing', {}, acme.users.admin.token);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const res = await fetch(`${t.baseUrl}/v1/pipeline.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.users.admin.token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('mints dev tokens for seeded users outside production, and refuses unknown users', async () => {
    const ok = await fetch(`${t.baseUrl}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', email: acme.users.salesRep.email }),
    });
    expect(ok.status).toBe(200);
    const { data } = await ok.json();
    const me = await t.call('me.get', {}, data.token);
    expect(me.body).toMatchObject({});
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.data.user.email).toBe(acme.users.salesRep.email);
    const bad = await fetch(`${t.baseUrl}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', email: 'ghost@acme.test' }),
    });
    expect(bad.status).toBe(404);
  });
});

describe('queries over GET', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
  });
  afterAll(async () => t?.close());

  it('reads numbers, strings that look like numbers, repeated keys and ?input=', async () => {
    for (let i = 0; i < 3; i++) await t.call('client.create', { name: `123${i}` }, acme.users.admin.token);
    const limited = await t.call('client.list', undefined, acme.users.admin.token, { method: 'GET', query: 'limit=2' });
    expect(limited.status).toBe(200);
    expect(limited.body.data).toHaveLength(2);
    const byJson = await t.call('client.list', undefined, acme.users.admin.token, {
      method: 'GET',
      query: `input=${encodeURIComponent(JSON.stringify({ limit: 1 }))}`,
    });
    expect(byJson.body.data).toHaveLength(1);
    const events = await t.call('event.list', undefined, acme.users.admin.token, { method: 'GET', query: 'limit=5' });
    expect(events.status).toBe(200);
    const bad = await t.call('client.list', undefined, acme.users.admin.token, { method: 'GET', query: 'limit=0' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('limit');
    expect((await t.call('client.create', undefined, acme.users.admin.token, { method: 'GET' })).status).toBe(405);
  });
});
