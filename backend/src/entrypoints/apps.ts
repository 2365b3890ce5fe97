import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUTLOOK_PANE_DIST, TEAMS_TAB_DIST } from '#http/appPaths';

const ADDINS = fileURLToPath(new URL('../../../addins/', import.meta.url));

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name === 'test') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(full) : (await stat(full)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the Teams tab and the Outlook pane (rollup) when a bundle is missing or older than its sources, so `npm start` always
 * serves the current app. Returns false (and the caller says so) when the addins workspace is absent.
 */
export async function ensureAppsBuilt(say: (m: string) => void): Promise<boolean> {
  const sources = await newestSource(ADDINS).catch(() => -1);
  if (sources < 0) return false;
  const builtAt = (dist: string) =>
    stat(path.join(dist, 'app.js')).then(
      (s) => s.mtimeMs,
      () => 0,
    );
  const built = Math.min(await builtAt(TEAMS_TAB_DIST), await builtAt(OUTLOOK_PANE_DIST));
  if (built >= sources) return true;
  say('  apps       building the Teams tab and the Outlook pane (rollup, about a minute)...');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ADDINS, '../node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.config.mjs', '--silent'],
      {
        cwd: ADDINS,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the apps' build failed (rollup exit ${code})`)),
    );
  });
  return true;
}
