import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { checkPackage, type Icons } from './check';
import type { Environment } from './environment';
import { buildManifest, type Manifest } from './manifest';

/** The committed icons (rendered from icons/logo.svg by `npm run icons -w @pivotal-pm/manifests`). */
export const ICON_DIR = fileURLToPath(new URL('../icons/', import.meta.url));

/** A package that failed its checks: each problem on a line of the message. */
export class PackageError extends Error {
  override name = 'PackageError';
  constructor(readonly problems: string[]) {
    super(`The package is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export async function readIcons(): Promise<Icons> {
  return {
    'color.png': await readFile(`${ICON_DIR}color.png`),
    'outline.png': await readFile(`${ICON_DIR}outline.png`),
  };
}

/**
 * The app package of an environment as admins upload it: `manifest.json` and the two icons at the zip's root.
 * Checked first; a package with problems is never written.
 */
export async function buildPackage(env: Environment, icons?: Icons): Promise<{ manifest: Manifest; zip: Buffer }> {
  const manifest = buildManifest(env);
  const files = icons ?? (await readIcons());
  const problems = await checkPackage(manifest, files, env);
  if (problems.length > 0) throw new PackageError(problems);
  const zip = new JSZip();
  // A fixed date keeps the bytes of a package the same for the same inputs.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const name of [manifest.icons.color, manifest.icons.outline]) zip.file(name, files[name]!, { date });
  return { manifest, zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}
