import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import type { Environment } from './environment';
import { MANIFEST_VERSION, type Manifest } from './manifest';

/** The icon files the package carries, by the name the manifest gives them. */
export type Icons = Record<string, Buffer>;

const require = createRequire(import.meta.url);

/** The schema argument of `validateAgainstSchema` (a JSON schema read from disk). */
type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/** The schema of MANIFEST_VERSION as `@microsoft/app-manifest` ships it: validation never goes online. */
async function localSchema(): Promise<Schema> {
  const root = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = join(root, 'build', 'json-schemas', 'teams', `v${MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(await readFile(file, 'utf8')) as Schema;
}

async function schemaProblems(manifest: Manifest): Promise<string[]> {
  const failures = await AppManifestUtils.validateAgainstSchema(manifest, await localSchema());
  return failures.map((f) => `schema: ${f}`);
}

function iconProblems(manifest: Manifest, icons: Icons): string[] {
  const problems: string[] = [];
  const wanted: [name: string, size: number, outline: boolean][] = [
    [manifest.icons.color, 192, false],
    [manifest.icons.outline, 32, true],
  ];
  for (const [name, size, outline] of wanted) {
    const bytes = icons[name];
    if (!bytes) {
      problems.push(`icons: ${name} is named by the manifest but not in the package`);
      continue;
    }
    let png: PNG;
    try {
      png = PNG.sync.read(bytes);
    } catch {
      problems.push(`icons: ${name} is not a PNG`);
      continue;
    }
    if (png.width !== size || png.height !== size)
      problems.push(`icons: ${name} is ${png.width}x${png.height}, not ${size}x${size}`);
    if (outline) {
      // Teams draws the outline icon itself: white on transparency, nothing else.
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
        if (a > 0 && (r < 250 || g < 250 || b < 250)) {
          problems.push(`icons: ${name} must be white on a transparent background (a pixel is rgb(${r}, ${g}, ${b}))`);
          break;
        }
      }
    }
  }
  return problems;
}

/** Every string of the manifest that is an absolute URL, with its JSON path. */
function urlsOf(value: unknown, path = ''): [path: string, url: string][] {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => urlsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === '$schema' ? [] : urlsOf(v, path ? `${path}.${k}` : k)));
  }
  return [];
}

function urlProblems(manifest: Manifest, env: Environment): string[] {
  const problems: string[] = [];
  const domains = manifest.validDomains ?? [];
  // The developer's own pages (privacy, terms) may live anywhere; everything the hosts load must be ours.
  const loaded = urlsOf(manifest).filter(([path]) => !path.startsWith('developer.'));
  for (const [path, url] of loaded) {
    const parsed = new URL(url);
    // The SSO resource is an `api://<host>/<client id>` URI; every page and image is fetched and must be https.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'api:')
      problems.push(`urls: ${path} (${url}) is not https`);
    if (!domains.includes(parsed.host))
      problems.push(`urls: ${path} (${url}) is not on a valid domain (${domains.join(', ')})`);
  }
  if (env.production) {
    for (const [path, url] of urlsOf(manifest)) {
      const host = new URL(url).hostname;
      if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host)) {
        problems.push(`production: ${path} (${url}) points at this machine`);
      }
    }
    if (/^0{8}-/.test(env.entraClientId))
      problems.push('production: entraClientId is the placeholder of the dev environment');
  }
  return problems;
}

/** Everything wrong with a package, offline: the schema, the icons, the URLs. Empty when it may be deployed. */
export async function checkPackage(manifest: Manifest, icons: Icons, env: Environment): Promise<string[]> {
  return [...(await schemaProblems(manifest)), ...iconProblems(manifest, icons), ...urlProblems(manifest, env)];
}
