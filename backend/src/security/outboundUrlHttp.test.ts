import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_V4, tableResolver } from '../../test/helpers/outbound';
import { OutboundRefused, type OutboundPolicy } from './outboundUrl';
import { postGuarded, statusError } from './outboundUrlHttp';

type Hit = { path: string; headers: http.IncomingHttpHeaders; body: string };

let web: http.Server;
let webPort: number;
const hits: Hit[] = [];
/** A bare TCP listener that counts connections and drops them (the TLS handshake then fails). */
let tcp: net.Server;
let tcpPort: number;
let connections = 0;

beforeAll(async () => {
  web = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/redirect') res.writeHead(302, { location: `http://127.0.0.1:${webPort}/elsewhere` }).end();
      else if (req.url === '/slow') setTimeout(() => res.writeHead(204).end(), 2_000);
      else res.writeHead(204).end();
    });
  });
  tcp = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await Promise.all([
    new Promise<void>((r) => web.listen(0, '127.0.0.1', r)),
    new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r)),
  ]);
  webPort = (web.address() as AddressInfo).port;
  tcpPort = (tcp.address() as AddressInfo).port;
});
afterAll(async () => {
  web.closeAllConnections();
  await Promise.all([new Promise((r) => web.close(r)), new Promise((r) => tcp.close(r))]);
});

const request = (body = '{"a":1}', timeoutMs = 2_000) => ({
  headers: { 'content-type': 'application/json', 'x-test': 'yes' },
  body,
  timeoutMs,
});
const dev = (table: Record<string, string[]> = {}): OutboundPolicy => ({
  production: false,
  resolve: tableResolver(table),
});
const hitsOf = (path: string) => hits.filter((h) => h.path === path);

describe('postGuarded', () => {
  it('POSTs the body and headers to a local receiver outside production', async () => {
    expect(await postGuarded(`http://127.0.0.1:${webPort}/in`, request('{"é":1}'), dev())).toEqual({ status: 204 });
    const [hit] = hitsOf('/in');
    expect(hit).toMatchObject({
      body: '{"é":1}',
      headers: { 'x-test': 'yes', 'content-type': 'application/json', 'content-length': '8' },
    });
    expect(await postGuarded(`http://localhost:${webPort}/in`, request(), dev({ localhost: ['127.0.0.1'] }))).toEqual({
      status: 204,
    });
  });

  it('never follows a redirect: the 3xx is the answer, and its target gets nothing', async () => {
    expect(await postGuarded(`http://127.0.0.1:${webPort}/redirect`, request(), dev())).toEqual({ status: 302 });
    expect(hitsOf('/redirect')).toHaveLength(1);
    expect(hitsOf('/elsewhere')).toHaveLength(0);
    expect(statusError(302)).toBe('HTTP 302 (redirects are not followed)');
    expect(statusError(500)).toBe('HTTP 500');
  });

  it('refuses, before connecting, a name that resolves to a loopback address at delivery time (DNS rebinding)', async () => {
    const table: Record<string, string[]> = { 'rebind.example.test': [PUBLIC_V4] };
    const policy = dev(table);
    table['rebind.example.test'] = ['127.0.0.1'];
    const before = connections;
    await expect(postGuarded(`https://rebind.example.test:${tcpPort}/x`, request(), policy)).rejects.toThrow(
      new OutboundRefused('rebind.example.test resolves to a loopback address; webhook targets must be public'),
    );
    table['rebind.example.test'] = [PUBLIC_V4, '10.1.2.3'];
    await expect(postGuarded(`https://rebind.example.test:${tcpPort}/x`, request(), policy)).rejects.toThrow(
      /resolves to a private \(RFC 1918\) address/,
    );
    table['rebind.example.test'] = ['::ffff:127.0.0.1'];
    await expect(postGuarded(`https://rebind.example.test:${tcpPort}/x`, request(), policy)).rejects.toThrow(
      /resolves to a loopback address/,
    );
    expect(connections).toBe(before);
    // The same listener is reached when the name is the local receiver (outside production): the fence, not the port, refused.
    await expect(
      postGuarded(`https://localhost:${tcpPort}/x`, request(), dev({ localhost: ['127.0.0.1'] })),
    ).rejects.toThrow();
    expect(connections).toBe(before + 1);
  });

  it('refuses http://localhost in production, and private literal addresses anywhere, without connecting', async () => {
    const prod: OutboundPolicy = { production: true, resolve: tableResolver({ localhost: ['127.0.0.1'] }) };
    const before = hitsOf('/prod').length;
    await expect(postGuarded(`http://localhost:${webPort}/prod`, request(), prod)).rejects.toThrow('must use https');
    await expect(postGuarded(`http://127.0.0.1:${webPort}/prod`, request(), prod)).rejects.toThrow('must use https');
    await expect(postGuarded(`https://localhost:${tcpPort}/prod`, request(), prod)).rejects.toThrow(
      /local or cloud metadata host/,
    );
    await expect(postGuarded(`https://127.0.0.1:${tcpPort}/prod`, request(), prod)).rejects.toThrow(/loopback/);
    await expect(postGuarded('https://10.255.255.1/x', request(), dev())).rejects.toThrow(/private/);
    await expect(postGuarded('https://169.254.169.254/latest/meta-data/', request(), dev())).rejects.toThrow(
      /cloud metadata/,
    );
    await expect(
      postGuarded(
        `https://u:p@rebind.example.test:${tcpPort}/x`,
        request(),
        dev({ 'rebind.example.test': [PUBLIC_V4] }),
      ),
    ).rejects.toThrow(/user name or password/);
    expect(hitsOf('/prod').length).toBe(before);
  });

  it('gives up after timeoutMs', async () => {
    await expect(postGuarded(`http://127.0.0.1:${webPort}/slow`, request('{}', 150), dev())).rejects.toThrow(
      'no answer within 150 ms',
    );
  });
});
