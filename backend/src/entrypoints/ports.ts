import type { Server } from 'node:net';
import type { Config } from '#config';
import { portInUseMessage, portIsFree } from '#db/embedded';

/**
 * Listens on `port` of `host`; a taken port (or one we may not bind) rejects with a message naming the setting
 * that picks another, instead of an unhandled `EADDRINUSE`.
 */
export function listenOn(server: Server, port: number, host: string, setting: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(portInUseMessage(port, setting), { cause: error }));
      else if (error.code === 'EACCES')
        reject(new Error(`port ${port} needs privileges: set ${setting} to a port above 1023`, { cause: error }));
      else reject(error);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/**
 * Before anything starts: the ports `npm start` listens on (the API's PORT, and GRAPH_EMULATOR_PORT when the
 * Graph emulator runs) are free, so that a taken one fails in a second with the setting to change, not after
 * Postgres, migrations and the seed.
 */
export async function checkPortsFree(config: Config): Promise<void> {
  const wanted: [port: number, host: string, setting: string][] = [[config.port, config.host, 'PORT']];
  if (config.graph.baseUrl === 'emulator') wanted.push([config.graph.emulatorPort, '127.0.0.1', 'GRAPH_EMULATOR_PORT']);
  if (config.bot.enabled && (config.bot.openIdMetadataUrl === 'emulator' || config.bot.tokenUrl === 'emulator'))
    wanted.push([config.bot.emulatorPort, '127.0.0.1', 'BOT_EMULATOR_PORT']);
  for (const [port, host, setting] of wanted) {
    // Port 0 picks a free port: nothing to check.
    if (port !== 0 && !(await portIsFree(port, host))) throw new Error(portInUseMessage(port, setting));
  }
}
