/**
 * `npm run package -- --env <name>`: builds the Microsoft 365 app package of `env/<name>.json` into
 * `manifests/build/pivotal-<name>.zip`, after checking it offline. Exits 1 with the reasons when it cannot.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EnvironmentError, loadEnvironment } from './environment';
import { buildPackage, PackageError } from './zip';

const OUT_DIR = fileURLToPath(new URL('../build/', import.meta.url));

try {
  const { values } = parseArgs({ options: { env: { type: 'string', default: 'dev' } } });
  const name = values.env;
  const env = await loadEnvironment(name);
  const { manifest, zip } = await buildPackage(env);
  await mkdir(OUT_DIR, { recursive: true });
  const file = `${OUT_DIR}pivotal-${name}.zip`;
  await writeFile(file, zip);
  console.log(
    `wrote ${file} (${zip.length.toLocaleString()} bytes): ${manifest.name.short} ${manifest.version}, app id ${manifest.id}, on ${manifest.validDomains?.join(', ')}`,
  );
} catch (error) {
  if (
    error instanceof EnvironmentError ||
    error instanceof PackageError ||
    (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error((error as Error).message);
    process.exitCode = 1;
  } else throw error;
}
