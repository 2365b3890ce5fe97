import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  PivotalClient,
  RateLimitError,
  ValidationError,
} from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

describe('SDK against the real server', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
    other = await t.tenant('other');
  });
  afterAll(async () => t?.close());

  it('calls typed methods and walks every page of a list', async () => {
    const admin = t.client(acme.users.admin.token);
    const me = await admin.me.get();
    expect(me.user?.id).toBe(acme.users.admin.id);
    for (let i = 0; i < 7; i++) await admin.client.create({ name: `Client ${i}` });
    const first = await admin.client.list({ limit: 3 });
    expect(first.data).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const names: string[] = [];
    for await (const c of admin.client.list({ limit: 3 })) names.push(c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith('Client '))).toHaveLength(7);
    expect(await admin.client.list({ limit: 3 }).toArray({ limit: 5 })).toHaveLength(5);
  });

  it('maps server errors to typed errors with the request id and field details', async () => {
    const admin = t.client(acme.users.admin.token);
    const bad = await admin.client.create({ name: '' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).requestId).toMatch(/.{8,}/);
    expect(JSON.stringify((bad as ValidationError).details)).toContain('"path":"name"');
    const theirs = await t.client(other.users.admin.token).client.create({ name: 'Theirs' });
    await expect(admin.client.get({ id: theirs.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client(acme.users.analyst.token).client.create({ name: 'Nope' })).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(
      new PivotalClient({ baseUrl: t.baseUrl, token: 'nonsense', maxRetries: 0 }).me.get(),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('retries a mutation whose response was lost with the same Idempotency-Key, so it happens once', async () => {
    let attempts = 0;
    const keys: (string | null)[] = [];
    const flaky: typeof fetch = async (input, init) => {
      attempts += 1;
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      const res = await fetch(input, init);
      if (attempts === 1) throw new TypeError('fetch failed: socket hang up');
      return res;
    };
    const client = new PivotalClient({
      baseUrl: t.baseUrl,
      token: acme.users.admin.token,
      fetch: flaky,
      maxRetries: 2,
    });
    const created = await client.client.create({ name: 'Exactly Once Ltd' });
    expect(attempts).toBe(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    const rows = await t.db.ownerKnex('clients').where({ tenantId: acme.id, name: 'Exactly Once Ltd' });
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(created.id);
  });

  it('surfaces 429 with Retry-After as a RateLimitError', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const tenant = await limited.tenant('slow');
      const client = limited.client(tenant.users.admin.token);
      await client.me.get();
      await client.me.get();
      const err = await client.me.get().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      expect((err as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
