import { execFile } from 'node:child_process';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { promisify } from 'node:util';
import { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from './server';

const run = promisify(execFile);
const BOX = 'sdk@agency.example';

/** The script a child process runs: it trusts the emulator only through NODE_EXTRA_CA_CERTS. */
const CHILD = `
import { Client } from '@microsoft/microsoft-graph-client';
const url = new URL(process.env.GRAPH_URL);
const client = Client.init({ authProvider: (done) => done(null, 'child-token'), baseUrl: url.origin, customHosts: new Set([url.hostname]) });
const res = await client.api('/users/${BOX}/mailFolders').get();
console.log(JSON.stringify(res.value.map((f) => f.displayName)));
`;

describe('graph emulator: @microsoft/microsoft-graph-client', () => {
  let emulator: GraphEmulator;
  const defaults = getCACertificates('default');
  beforeAll(async () => {
    emulator = await startGraphEmulator();
    emulator.control.seedMailbox({ address: BOX, messages: 3, folders: ['Clients'] });
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await emulator.close();
  });

  it('lists mailFolders in-process (CA trusted via tls.setDefaultCACertificates) and sends the bearer token', async () => {
    setDefaultCACertificates([...defaults, emulator.caPem]);
    const url = new URL(emulator.url);
    const client = Client.init({
      authProvider: (done) => done(null, 'sdk-token'),
      baseUrl: url.origin,
      defaultVersion: 'v1.0',
      customHosts: new Set([url.hostname]),
    });
    const res = (await client.api(`/users/${BOX}/mailFolders`).get()) as { value: { displayName: string }[] };
    expect(res.value.map((f) => f.displayName)).toContain('Clients');
    expect(emulator.control.requests().at(-1)).toMatchObject({ token: 'sdk-token', status: 200 });
    // Faults surface as GraphError with the status code the client's retry logic reads.
    emulator.control.injectFault(BOX, { kind: 'syncStateNotFound' });
    await expect(client.api(`/users/${BOX}/mailFolders/inbox/messages/delta`).get()).rejects.toMatchObject({
      statusCode: 410,
      code: 'syncStateNotFound',
    });
  });

  it('works from a child process that trusts the emulator through NODE_EXTRA_CA_CERTS', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd: new URL('.', import.meta.url).pathname,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caFile, GRAPH_URL: emulator.url },
    });
    expect(JSON.parse(stdout.trim())).toContain('Clients');
    expect(emulator.control.requests().some((r) => r.token === 'child-token')).toBe(true);
  });
});
