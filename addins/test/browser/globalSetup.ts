import { access } from 'node:fs/promises';
import { ensureAppsBuilt } from '../../../backend/src/entrypoints/apps';
import { CHROMIUM } from './chromium';

/** Builds the Teams tab when its bundle is missing or stale, and checks that Chromium is there. */
export default async function setup(): Promise<void> {
  await access(CHROMIUM).catch(() => {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set PIVOTAL_CHROMIUM)`);
  });
  await ensureAppsBuilt((m) => process.stdout.write(`${m}\n`));
}
