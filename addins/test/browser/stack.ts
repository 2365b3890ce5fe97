import type { PivotalClient, Pipeline } from '@pivotal-pm/sdk';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemo } from '../../../backend/src/db/seeds/demo';
import { createTestApp, type TestApp } from '../../../backend/test/helpers/app';
import { launchChromium } from './chromium';

/** The local part of a seeded demo user (`rep` is rep@acme.test), as the sign-in picker lists them. */
export type DemoUser = 'rep' | 'rep2' | 'manager' | 'admin' | 'analyst' | 'viewer' | 'approver';

/** A real backend (demo seed loaded) serving the built tab, and one Chromium, for one test file. */
export type Stack = {
  app: TestApp;
  browser: Browser;
  /** The tab's URL, with an optional query string (`?pipeline=...`). */
  url(query?: string): string;
  /** An SDK client signed in as a demo user of acme. */
  sdk(user: DemoUser): Promise<PivotalClient>;
  /** acme's pipelines by name, as the admin sees them. */
  pipelines(): Promise<Map<string, Pipeline>>;
  /** A new browser context and page, signed in through the picker as `user`, on the tab at `query`. */
  open(user: DemoUser, query?: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
};

/** `telephony`: the backend places calls through its ACS emulator (the softphone's tests). */
export async function startStack(options: { telephony?: boolean } = {}): Promise<Stack> {
  const [app, browser] = await Promise.all([
    createTestApp({ telephony: options.telephony ?? false }),
    launchChromium(),
  ]);
  await seedDemo(app.db.ownerKnex);
  const clients = new Map<string, PivotalClient>();
  const contexts = new Set<BrowserContext>();
  const stack: Stack = {
    app,
    browser,
    url: (query = '') => `${app.baseUrl}/app/teams/${query}`,
    async sdk(user) {
      let client = clients.get(user);
      if (!client) {
        client = app.client(await app.token('acme', `${user}@acme.test`));
        clients.set(user, client);
      }
      return client;
    },
    async pipelines() {
      const list = await (await stack.sdk('admin')).pipeline.list({ limit: 200 }).toArray();
      return new Map(list.map((p) => [p.name, p]));
    },
    async open(user, query = '') {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
      contexts.add(context);
      const page = await context.newPage();
      await page.goto(stack.url(query));
      await page.getByTestId(`signin-${user}`).click();
      await page.getByTestId('live-state').waitFor();
      return { context, page };
    },
    async close() {
      await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)));
      await browser.close().catch(() => undefined);
      await app.close();
    },
  };
  return stack;
}

/** The stage a card sits in (`data-stage`), or null when it is not rendered. */
export async function stageOfCard(page: Page, id: string): Promise<string | null> {
  const card = page.getByTestId(`card-${id}`);
  return (await card.count()) > 0 ? card.getAttribute('data-stage') : null;
}

/** The opportunity id of a card locator. */
export async function idOfCard(card: Locator): Promise<string> {
  return (await card.getAttribute('data-testid'))!.slice('card-'.length);
}

/** The first rendered card of a column. */
export function firstCard(page: Page, stage: string): Locator {
  return page.getByTestId(`column-${stage}`).locator('[data-testid^="card-"]').first();
}

/** Drags `card` with the mouse onto the column of `stage`, in small moves as a hand would. */
export async function dragToColumn(page: Page, card: Locator, stage: string): Promise<void> {
  const from = (await card.boundingBox())!;
  const to = (await page.getByTestId(`column-${stage}`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 160, { steps: 12 });
  await page.mouse.up();
}

/** The text of dnd-kit's screen-reader announcer (its last assertive live region). */
export function announced(page: Page): Promise<string | null> {
  return page.locator('[aria-live="assertive"]').last().textContent();
}

/**
 * Moves a card one column right with the keyboard alone: Space lifts it, ArrowRight moves it, Space drops it.
 * Each key waits for the announcement of the previous one, as a screen-reader user would.
 */
export async function keyboardMove(page: Page, card: Locator, toLabel: string): Promise<void> {
  await card.focus();
  await page.keyboard.press('Space');
  await expect.poll(() => announced(page)).toMatch(/Picked up|is over/);
  // dnd-kit's keyboard sensor starts listening for arrows a tick after the pick-up, so on a busy machine the first
  // arrow can land before it listens. Press again only when nothing was announced for a long while after the last
  // press (an arrow the sensor did take is announced within milliseconds).
  const over = new RegExp(`is over ${toLabel}`);
  let last = (await announced(page)) ?? '';
  await page.keyboard.press('ArrowRight');
  let quietSince = Date.now();
  await expect
    .poll(
      async () => {
        const now = (await announced(page)) ?? '';
        if (now !== last) [last, quietSince] = [now, Date.now()];
        if (!over.test(now) && Date.now() - quietSince > 1500) {
          await page.keyboard.press('ArrowRight');
          quietSince = Date.now();
        }
        return now;
      },
      { timeout: 10_000 },
    )
    .toMatch(over);
  await page.keyboard.press('Space');
  await expect.poll(() => announced(page)).toMatch(new RegExp(`dropped in ${toLabel}`));
}
