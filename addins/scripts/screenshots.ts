/**
 * `npm run screenshots`: pictures of the Teams tab and the Outlook pane for the docs (docs/images/teams-*.png,
 * outlook-*.png). Boots a throwaway
 * embedded Postgres with the demo seed, serves the built tab from the real API, and shoots the board, the
 * forecast and the detail panel in the light, dark and high-contrast themes with Debian's Chromium.
 * Ports: SHOTS_PG_PORT (default 47531) and SHOTS_PORT (default 47532). SHOTS_ONLY=<prefix> writes only the pictures
 * whose name starts with it (`SHOTS_ONLY=teams-board-rep`).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../backend/src/config';
import { seedDemo } from '../../backend/src/db/seeds/demo';
import { ensureAppsBuilt } from '../../backend/src/entrypoints/apps';
import { startApi } from '../../backend/src/entrypoints/api';
import { bootDatabase } from '../../backend/src/entrypoints/boot';
import { createLogger } from '../../backend/src/observability/logger';
import { createMailbox, createMessage } from '../../backend/test/helpers/mailFactories';
import { launchChromium } from '../test/browser/chromium';
import { shootSoftphone } from './softphoneShots';

const out = join(import.meta.dirname, '..', '..', 'docs', 'images');
const say = (m: string) => process.stdout.write(`${m}\n`);
const themes = ['light', 'dark', 'contrast'] as const;

async function shoot(page: Page, name: string): Promise<void> {
  // Let fonts, transitions and the live badge settle.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  if (process.env.SHOTS_ONLY && !name.startsWith(process.env.SHOTS_ONLY)) return;
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file });
  say(`  ${file}`);
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pivotal-shots-'));
  await chmod(dataDir, 0o755); // the cluster may run as the postgres user (when we are root)
  const port = Number(process.env.SHOTS_PORT ?? 47532);
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PIVOTAL_DATA_DIR: dataDir,
    PIVOTAL_PG_PORT: process.env.SHOTS_PG_PORT ?? '47531',
    PORT: String(port),
    HOST: '127.0.0.1',
    PIVOTAL_WORKERS: 'off',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  say('screenshots: starting a throwaway database with the demo seed...');
  const db = await bootDatabase(config, () => undefined);
  const browser = await launchChromium();
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    await seedDemo(db.ownerKnex);
    await ensureAppsBuilt(say);
    api = await startApi(config, db, createLogger('warn'));
    const base = `http://127.0.0.1:${port}/app/teams/`;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(base);
    await shoot(page, 'teams-signin-light');
    await page.getByTestId('signin-manager').click();
    await page.getByTestId('board').waitFor();
    // The agency's own pipeline (internal), picked as a user would.
    await page.getByTestId('pipeline-picker').click();
    await page.getByRole('option', { name: 'New Business (internal)' }).click();
    await page.getByTestId('board').waitFor();
    const pipeline = new URL(page.url()).searchParams.get('pipeline')!;
    const card = () => page.getByTestId('column-proposal').locator('[data-testid^="card-"]').first();
    for (const theme of themes) {
      await page.goto(`${base}?pipeline=${pipeline}&theme=${theme}`);
      await card().waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      await shoot(page, `teams-board-${theme}`);
      await card().click();
      await page.getByRole('dialog').getByText('Timeline').waitFor();
      await page
        .getByRole('dialog')
        .locator('li')
        .first()
        .waitFor()
        .catch(() => undefined);
      await shoot(page, `teams-detail-${theme}`);
      await page.goto(`${base}?pipeline=${pipeline}&theme=${theme}&view=forecast&period=quarter&groupBy=stage`);
      await page.getByTestId('forecast-total-amount').waitFor();
      await shoot(page, `teams-forecast-${theme}`);
    }
    // What a client viewer sees: the client's pipeline only, nothing to drag.
    const viewer = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
    ).newPage();
    await viewer.goto(base);
    await viewer.getByTestId('signin-viewer').click();
    await viewer.getByTestId('board').locator('[data-testid^="card-"]').first().waitFor();
    await shoot(viewer, 'teams-board-viewer-light');
    // A rep's board: their own deals (the default), with company, contact, next step and overdue close dates.
    const rep = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
    ).newPage();
    await rep.goto(`${base}?pipeline=${pipeline}`);
    await rep.getByTestId('signin-rep').click();
    await rep.getByTestId('board').locator('[data-testid^="next-"]').first().waitFor();
    await rep.getByText('Live', { exact: true }).waitFor();
    await rep.waitForFunction(() => !document.body.innerText.includes('Next step…'));
    await shoot(rep, 'teams-board-rep');
    // The softphone, on a deal of the rep's whose primary contact has a phone (the demo seed gives every contact one).
    const repUser = (await db.ownerKnex('users').where({ email: 'rep@acme.test' }).first('id')) as { id: string };
    const { id: dealId } = (await db
      .ownerKnex('opportunities')
      .where({ ownerId: repUser.id, status: 'open' })
      .whereNotNull('primaryContactId')
      .orderBy('amount', 'desc')
      .first('id')) as { id: string };
    for (const theme of ['light', 'dark'] as const) {
      await shootSoftphone(rep, `${base}?pipeline=${pipeline}&opp=${dealId}`, theme, shoot);
    }
    await shootPane(browser, `http://127.0.0.1:${port}/app/outlook/`, db.ownerKnex);
  } finally {
    await browser.close();
    await api?.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The Outlook pane at Outlook's width, standalone: a demo email to the rep from the primary contact of one of their
 * open deals (the workers are off here, so the email is indexed directly, as sync would have).
 */
async function shootPane(browser: Browser, base: string, db: Knex): Promise<void> {
  const rep = (await db('users').where({ email: 'rep@acme.test' }).first('id', 'tenantId')) as {
    id: string;
    tenantId: string;
  };
  const deal = (await db('opportunities')
    .where({ tenantId: rep.tenantId, ownerId: rep.id, status: 'open' })
    .whereNotNull('primaryContactId')
    .orderBy('amount', 'desc')
    .first('primaryContactId')) as { primaryContactId: string };
  const contact = (await db('contacts').where({ id: deal.primaryContactId }).first('email')) as { email: string };
  const existing = (await db('mailboxAccounts')
    .where({ tenantId: rep.tenantId, userId: rep.id })
    .first('id', 'userId')) as { id: string; userId: string } | undefined;
  const box = existing ?? (await createMailbox(db, rep.tenantId, rep.id));
  await createMessage(db, rep.tenantId, box, {
    subject: 'Re: renewal terms for next year',
    fromAddress: contact.email,
    toAddresses: ['rep@acme.test'],
    internetMessageId: '<screenshots-1@client.example>',
    direction: 'in',
  });
  for (const theme of ['light', 'dark'] as const) {
    const page = await (
      await browser.newContext({ viewport: { width: 320, height: 760 }, reducedMotion: 'reduce' })
    ).newPage();
    await page.goto(`${base}?theme=${theme}`);
    await page.getByTestId('signin-rep').click();
    await page.getByRole('button', { name: /renewal terms for next year/ }).click();
    await page.locator('[data-opportunity]').first().waitFor();
    await shoot(page, `outlook-pane-${theme}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
