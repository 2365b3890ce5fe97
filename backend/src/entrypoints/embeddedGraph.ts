import { join } from 'node:path';
import tls from 'node:tls';
import type { Config } from '#config';
import { portInUseMessage } from '#db/embedded';
import { ensureEmulatorCertificate, type GraphEmulator, startGraphEmulator } from '#integrations/graph/emulator/index';

/** Where the embedded Graph emulator keeps its certificate and state. */
export const graphEmulatorDir = (config: Config) => join(config.dataDir, 'graph-emulator');

/**
 * Starts the embedded Graph emulator (when GRAPH_BASE_URL is unset outside production) on GRAPH_EMULATOR_PORT
 * with the certificate and state kept under the data dir. `npm start`'s launcher already trusts the certificate
 * through NODE_EXTRA_CA_CERTS; a process started otherwise (tests, another launcher) trusts it here.
 */
export async function startEmbeddedGraph(config: Config): Promise<GraphEmulator | null> {
  if (config.graph.baseUrl !== 'emulator') return null;
  const dir = graphEmulatorDir(config);
  const certificate = await ensureEmulatorCertificate(dir);
  const defaults = tls.getCACertificates('default');
  if (!defaults.includes(certificate.cert)) tls.setDefaultCACertificates([...defaults, certificate.cert]);
  const port = config.graph.emulatorPort;
  return startGraphEmulator({ port, certificate, stateFile: join(dir, 'state.json') }).catch(
    (error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new Error(portInUseMessage(port, 'GRAPH_EMULATOR_PORT'), { cause: error })
        : error;
    },
  );
}

/**
 * For `npm start`'s launcher: makes (or reuses) the emulator certificate before the server process starts, and
 * answers the environment that makes the server trust it (NODE_EXTRA_CA_CERTS; Node reads it only at start).
 */
export async function emulatorTrustEnv(config: Config): Promise<Record<string, string>> {
  if (config.graph.baseUrl !== 'emulator' || process.env.NODE_EXTRA_CA_CERTS) return {};
  const { certFile } = await ensureEmulatorCertificate(graphEmulatorDir(config));
  return certFile ? { NODE_EXTRA_CA_CERTS: certFile } : {};
}
