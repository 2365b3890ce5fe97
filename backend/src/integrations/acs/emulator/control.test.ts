import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, signature } from './hmac';
import { type AcsEmulator, startAcsEmulator } from './server';

describe('ACS emulator: control API and hand-signed requests', () => {
  let emulator: AcsEmulator;
  const defaults = getCACertificates('default');
  beforeAll(async () => {
    emulator = await startAcsEmulator();
    setDefaultCACertificates([...defaults, emulator.caPem]);
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await emulator.close();
  });

  /** A request signed as the SDK signs it (fetch cannot set Host, so the emulator's own host is signed). */
  const signed = (method: string, path: string, body = '') => {
    const url = new URL(path, emulator.url);
    const date = new Date().toUTCString();
    const hash = contentHash(body);
    const query = url.searchParams.toString();
    const sig = signature(
      emulator.accessKey,
      { method, pathAndQuery: query ? `${url.pathname}?${query}` : url.pathname, host: url.host },
      date,
      hash,
    );
    return fetch(url, {
      method,
      headers: {
        'x-ms-date': date,
        'x-ms-content-sha256': hash,
        authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}`,
        'content-type': 'application/json',
      },
      ...(body ? { body } : {}),
    });
  };

  it('answers a hand-signed request, and 401 when the signature is missing', async () => {
    expect((await signed('POST', '/identities?api-version=2023-10-01', '{}')).status).toBe(201);
    const bare = await fetch(`${emulator.url}/identities?api-version=2023-10-01`, { method: 'POST', body: '{}' });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ error: { code: 'Denied' } });
  });

  it('queues failures over JSON control routes, with Retry-After on 429/503', async () => {
    const put = (path: string, body: unknown, method = 'POST') =>
      fetch(`${emulator.url}/_emulator${path}`, { method, body: JSON.stringify(body) });
    expect((await put('/faults', { path: '/identities', status: 429, count: 2, retryAfterSeconds: 7 })).status).toBe(
      204,
    );
    for (let i = 0; i < 2; i += 1) {
      const res = await signed('POST', '/identities?api-version=2023-10-01', '{}');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    }
    expect((await signed('POST', '/identities?api-version=2023-10-01', '{}')).status).toBe(201);
    expect((await put('/numbers/+15550001111', { outcome: 'busy' }, 'PUT')).status).toBe(204);
    expect((await put('/numbers/+15550001111', { outcome: 'maybe' }, 'PUT')).status).toBe(400);
    expect((await put('/event-grid', { url: 'http://127.0.0.1:9/eg' }, 'PUT')).status).toBe(204);
    expect((await (await fetch(`${emulator.url}/_emulator/callbacks`)).json()) as unknown).toEqual({ value: [] });
    expect(
      (await fetch(`${emulator.url}/_emulator/identities`).then((r) => r.json())) as { value: unknown[] },
    ).toMatchObject({ value: [{}, {}] });
    expect((await put('/reset', {})).status).toBe(204);
    expect(emulator.control.identities()).toEqual([]);
  });
});
