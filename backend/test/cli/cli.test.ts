import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '#app';
import { loadConfig } from '#config';
import { handlers } from '#domains/handlers';
import { createLogger } from '#observability/logger';
import { createMetrics } from '#observability/metrics';
import { newMasterKey } from '#security/masterKeys';
import { buildServices } from '#services';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const run = promisify(execFile);
const masterKey = newMasterKey();
const backend = join(import.meta.dirname, '..', '..');

describe('pivotal CLI', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    const { appPassword } = inject('pivotalDb');
    // One master key for the CLI and this process: the signing keys the CLI makes are sealed under it.
    env = {
      ...process.env,
      DATABASE_URL: db.ownerUrl,
      PIVOTAL_DB_APP_PASSWORD: appPassword,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      PIVOTAL_MASTER_KEY: masterKey,
    };
  });
  afterAll(async () => db?.destroy());

  const cli = (...args: string[]) =>
    run(process.execPath, ['--conditions=@pivotal-pm/source', '--import', 'tsx', 'src/entrypoints/cli.ts', ...args], {
      cwd: backend,
      env,
      timeout: 60_000,
    });

  it('migrates, seeds the demo once, creates a tenant and prints a working token on its last line', async () => {
    expect((await cli('migrate')).stdout).toMatch(/migrations applied/);
    expect((await cli('seed', '--demo')).stdout).toMatch(/demo data loaded/);
    expect((await cli('seed', '--demo')).stdout).toMatch(/already present/);
    expect(
      (await cli('tenant', 'create', '--slug', 'initech', '--name', 'Initech', '--admin', 'boss@initech.test')).stdout,
    ).toMatch(/tenant initech created/);
    const rotated = (await cli('key', 'rotate', '--tenant', 'initech')).stdout;
    expect(rotated).toMatch(/^initech: new data key [0-9a-f-]{36}, 0 data key\(s\) rewrapped/);
    expect(rotated).toMatch(/^0 signing key\(s\) resealed under the current master key$/m);
    const before = (await db.ownerKnex('signingKeys').where({ purpose: 'dev' }).whereNull('retiredAt').first('kid'))
      .kid as string;
    expect((await cli('key', 'rotate', '--signing')).stdout).toMatch(
      new RegExp(`^dev: new signing key dev-\\S+; retired ${before}; deleted 0 expired key\\(s\\)$`, 'm'),
    );
    const { stdout } = await cli('token', '--user', 'viewer@acme.test', '--ttl', '10m');
    const token = stdout.trim().split('\n').at(-1)!;

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PIVOTAL_MASTER_KEY: masterKey });
    const services = await buildServices(config, db.appKnex);
    const server = http.createServer(
      createApp({
        config,
        knex: db.appKnex,
        services,
        handlers,
        log: createLogger('silent'),
        metrics: createMetrics(false),
      }).callback(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/pipeline.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      // The client viewer of Northwind sees Northwind's pipeline only: never the internal one.
      expect(body.data.map((p: { name: string }) => p.name)).toEqual(['Northwind Deals']);
    } finally {
      server.close();
    }
    // Seven CLI processes, each loading the TypeScript sources through tsx: seconds apiece on a busy 2-core machine.
  }, 180_000);

  it('fails with a clear message for an unknown user or command', async () => {
    await expect(cli('token', '--user', 'ghost@acme.test')).rejects.toMatchObject({
      stderr: expect.stringMatching(/No user ghost@acme.test/),
    });
    await expect(cli('frobnicate')).rejects.toMatchObject({ stderr: expect.stringMatching(/Unknown command/) });
  }, 120_000);
});
