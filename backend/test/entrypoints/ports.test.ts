import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config';
import { startAllInOne } from '#entrypoints/allInOneBoot';
import { bootDatabase } from '#entrypoints/boot';
import { listenOn } from '#entrypoints/ports';
import { createLogger } from '#observability/logger';

/** A port some other program holds for the length of the test. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('a taken port names the setting to change', () => {
  let taken: { port: number; server: Server };
  let dataDir: string;
  const config = (env: Record<string, string>) =>
    loadConfig({
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      PIVOTAL_DATA_DIR: dataDir,
      PORT: '0',
      GRAPH_EMULATOR_PORT: '0',
      BOT_EMULATOR_PORT: '0',
      ...env,
    });

  beforeAll(async () => {
    taken = await occupiedPort();
    dataDir = await mkdtemp(join(tmpdir(), 'pivotal-ports-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => taken?.server.close(resolve));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('embedded Postgres: PIVOTAL_PG_PORT', async () => {
    const start = bootDatabase(config({ PIVOTAL_PG_PORT: String(taken.port) }), () => undefined);
    await expect(start).rejects.toThrow(`port ${taken.port} is in use: set PIVOTAL_PG_PORT to a free port`);
  });

  it('the API: PORT, before anything else starts', async () => {
    const start = startAllInOne(config({ PORT: String(taken.port) }), createLogger('silent'), () => undefined, {
      buildApps: false,
    });
    await expect(start).rejects.toThrow(`port ${taken.port} is in use: set PORT to a free port`);
  });

  it('the Graph emulator: GRAPH_EMULATOR_PORT', async () => {
    const start = startAllInOne(
      config({ GRAPH_EMULATOR_PORT: String(taken.port) }),
      createLogger('silent'),
      () => undefined,
      { buildApps: false },
    );
    await expect(start).rejects.toThrow(`port ${taken.port} is in use: set GRAPH_EMULATOR_PORT to a free port`);
  });

  it('the Bot Connector emulator: BOT_EMULATOR_PORT', async () => {
    const start = startAllInOne(
      config({ BOT_EMULATOR_PORT: String(taken.port) }),
      createLogger('silent'),
      () => undefined,
      { buildApps: false },
    );
    await expect(start).rejects.toThrow(`port ${taken.port} is in use: set BOT_EMULATOR_PORT to a free port`);
  });

  it('listening on a port taken meanwhile rejects with the setting instead of an unhandled EADDRINUSE', async () => {
    const server = createServer();
    await expect(listenOn(server, taken.port, '127.0.0.1', 'PORT')).rejects.toThrow(
      `port ${taken.port} is in use: set PORT to a free port`,
    );
    expect(server.listening).toBe(false);
  });
});
