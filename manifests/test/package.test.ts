import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../src/check';
import { EnvironmentError, loadEnvironment, type Environment } from '../src/environment';
import { buildManifest } from '../src/manifest';
import { buildPackage, PackageError, readIcons } from '../src/zip';

const production: Environment = {
  appId: '2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  entraClientId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  botAppId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  publicUrl: 'https://pivotal.agency.example',
  version: '1.2.0',
  production: true,
  developer: {
    name: 'Agency',
    websiteUrl: 'https://agency.example',
    privacyUrl: 'https://agency.example/privacy',
    termsOfUseUrl: 'https://agency.example/terms',
  },
};

function png(size: number, rgba: [number, number, number, number]): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < image.data.length; i += 4) image.data.set(rgba, i);
  return PNG.sync.write(image);
}

describe('the Microsoft 365 app package', () => {
  it('builds the dev package: manifest.json and both icons at the root, valid against the v1.24 schema offline', async () => {
    const env = await loadEnvironment('dev');
    const { manifest, zip } = await buildPackage(env);
    const files = await JSZip.loadAsync(zip);
    expect(Object.keys(files.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const written = JSON.parse(await files.file('manifest.json')!.async('string'));
    expect(written).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(written).toMatchObject({
      manifestVersion: '1.24',
      id: env.appId,
      name: { short: 'Pivotal (dev)' },
      validDomains: ['localhost:3000'],
    });
    expect(written.staticTabs.map((t: { entityId: string; contentUrl: string }) => [t.entityId, t.contentUrl])).toEqual(
      [
        ['pipeline', 'https://localhost:3000/app/teams/?view=board'],
        ['forecast', 'https://localhost:3000/app/teams/?view=forecast'],
      ],
    );
    expect(written.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: 'https://localhost:3000/app/teams/?config=1',
        scopes: ['team', 'groupChat'],
      }),
    ]);
    expect(written.webApplicationInfo).toEqual({
      id: env.entraClientId,
      resource: `api://localhost:3000/${env.entraClientId}`,
    });
    // The same inputs make the same bytes (a fixed date in the zip).
    expect((await buildPackage(env)).zip.equals(zip)).toBe(true);
  });

  it('carries the Teams bot: personal scope, its app id from the environment, its three commands', () => {
    const [bot, ...more] = buildManifest(production).bots!;
    expect(more).toEqual([]);
    expect(bot).toMatchObject({ botId: production.botAppId, scopes: ['personal'], isNotificationOnly: false });
    expect(bot!.commandLists!.flatMap((l) => l.commands.map((c) => c.title))).toEqual([
      'my tasks',
      'my pipeline',
      'help',
    ]);
  });

  it('carries the Outlook add-in: a pinnable pane opened from the read and compose ribbons, its icons served with it', async () => {
    const manifest = buildManifest(production);
    const [outlook] = manifest.extensions!;
    expect(outlook!.runtimes![0]).toMatchObject({
      code: { page: 'https://pivotal.agency.example/app/outlook/?host=outlook' },
      actions: [{ id: 'pivotal.openPane', type: 'openPage', pinnable: true }],
    });
    expect(outlook!.ribbons!.map((r) => r.contexts)).toEqual([['mailRead'], ['mailCompose']]);
    expect(manifest.authorization?.permissions?.resourceSpecific).toEqual([
      { name: 'MailboxItem.Read.User', type: 'Delegated' },
    ]);
    // Every ribbon icon the manifest names is a file the pane serves, of the size it says.
    const urls = new Set(JSON.stringify(outlook).match(/https:[^"]+icon-\d+\.png/g));
    expect(urls.size).toBe(3);
    for (const url of urls) {
      const size = Number(/icon-(\d+)\.png$/.exec(url)![1]);
      const png = PNG.sync.read(
        await readFile(join(import.meta.dirname, '../../addins/outlook/icons', `icon-${size}.png`)),
      );
      expect([png.width, png.height], url).toEqual([size, size]);
    }
  });

  it('builds a production package with the environment values and nothing on this machine', async () => {
    const { manifest } = await buildPackage(production);
    expect(manifest).toMatchObject({
      version: '1.2.0',
      name: { short: 'Pivotal' },
      validDomains: ['pivotal.agency.example'],
    });
    expect(JSON.stringify(manifest)).not.toMatch(/localhost/);
  });

  it('refuses a manifest the schema refuses, naming each field', async () => {
    const manifest = buildManifest(production);
    const bad = { ...manifest, accentColor: 'indigo', name: { ...manifest.name, short: 'P'.repeat(40) } };
    const problems = await checkPackage(bad, await readIcons(), production);
    expect(problems.some((p) => p.startsWith('schema: /accentColor'))).toBe(true);
    expect(problems.some((p) => p.startsWith('schema: /name/short'))).toBe(true);
  });

  it('refuses icons of the wrong size, a coloured outline icon, and a missing icon', async () => {
    const manifest = buildManifest(production);
    const wrongSize = await checkPackage(
      manifest,
      { 'color.png': png(96, [79, 70, 229, 255]), 'outline.png': png(32, [255, 255, 255, 0]) },
      production,
    );
    expect(wrongSize).toEqual(['icons: color.png is 96x96, not 192x192']);
    const coloured = await checkPackage(
      manifest,
      { 'color.png': png(192, [79, 70, 229, 255]), 'outline.png': png(32, [79, 70, 229, 255]) },
      production,
    );
    expect(coloured).toEqual([
      'icons: outline.png must be white on a transparent background (a pixel is rgb(79, 70, 229))',
    ]);
    const missing = await checkPackage(manifest, { 'color.png': png(192, [79, 70, 229, 255]) }, production);
    expect(missing).toEqual(['icons: outline.png is named by the manifest but not in the package']);
  });

  it('refuses a URL off the valid domains, and in production one that points at this machine', async () => {
    const icons = await readIcons();
    const manifest = buildManifest(production);
    const elsewhere = {
      ...manifest,
      staticTabs: [{ ...manifest.staticTabs![0]!, contentUrl: 'https://evil.example/tab' }],
    };
    expect(await checkPackage(elsewhere, icons, production)).toEqual([
      'urls: staticTabs[0].contentUrl (https://evil.example/tab) is not on a valid domain (pivotal.agency.example)',
    ]);
    const local = { ...production, publicUrl: 'https://localhost:3000' };
    await expect(buildPackage(local, icons)).rejects.toThrow(PackageError);
    expect(await checkPackage(buildManifest(local), icons, local)).toContain(
      'production: staticTabs[0].contentUrl (https://localhost:3000/app/teams/?view=board) points at this machine',
    );
  });

  it('stops on a bad environment file with a message naming the file and each bad field', async () => {
    const dir = `${await mkdtemp(join(tmpdir(), 'pivotal-env-'))}/`;
    await writeFile(`${dir}broken.json`, '{ "appId": ');
    await expect(loadEnvironment('broken', dir)).rejects.toThrow(/broken\.json is not JSON/);
    await writeFile(
      `${dir}bad.json`,
      JSON.stringify({ ...production, appId: 'my-app', publicUrl: 'http://pivotal.agency.example', extra: 1 }),
    );
    const error = await loadEnvironment('bad', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/bad\.json is not a valid environment/);
    expect((error as Error).message).toMatch(/appId: must be a GUID/);
    expect((error as Error).message).toMatch(/publicUrl: must be an https URL/);
    expect((error as Error).message).toMatch(/Unrecognized key/);
    await expect(loadEnvironment('../etc/passwd', dir)).rejects.toThrow(/use letters, digits and -/);
    await expect(loadEnvironment('missing', dir)).rejects.toThrow(
      /No environment file .*missing\.json: copy env\/example\.json/,
    );
  });

  it('npm run package exits 1 with the reason for an environment that does not exist', async () => {
    const run = promisify(execFile);
    const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
    const failed = await run(process.execPath, ['--import', 'tsx', cli, '--env', 'nowhere']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/No environment file .*nowhere\.json/);
  });
});
