import AxeBuilder from '@axe-core/playwright';
import type { Forecast } from '@pivotal-pm/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromCents, toCents } from '../../shared/data/money';
import { firstCard, idOfCard, startStack, type Stack } from './stack';

/** What the page shows of a forecast: totals and the by-stage rows, from the elements' data attributes. */
async function shownForecast(page: Page) {
  const totals = Object.fromEntries(
    await Promise.all(
      (['count', 'amount', 'weighted', 'commit'] as const).map(
        async (k) => [k, await page.getByTestId(`forecast-total-${k}`).getAttribute('data-value')] as const,
      ),
    ),
  );
  const rows = await page.locator('[data-testid^="forecast-row-"]').evaluateAll((els) =>
    els.map((el) => ({
      stage: el.getAttribute('data-testid')!.slice('forecast-row-'.length),
      count: Number(el.getAttribute('data-count')),
      amount: el.getAttribute('data-amount'),
      weighted: el.getAttribute('data-weighted'),
      commit: el.getAttribute('data-commit'),
    })),
  );
  return { totals, rows };
}

const expected = (f: Forecast) => ({
  totals: {
    count: String(f.totals.count),
    amount: f.totals.amount,
    weighted: f.totals.weighted,
    commit: f.totals.commit,
  },
  rows: f.byStage.map((r) => ({
    stage: r.stage,
    count: r.count,
    amount: r.amount,
    weighted: r.weighted,
    commit: r.commit,
  })),
});

/**
 * axe-core's serious and critical findings on the page as it is now: every WCAG 2.x A/AA and best-practice rule,
 * or only `rules`, over the whole page or only `include`.
 */
async function seriousViolations(page: Page, what: string, scope: { include?: string; rules?: string[] } = {}) {
  const started = Date.now();
  // Fluent's focus manager (tabster) adds aria-hidden focus "bumpers" on purpose: they only redirect focus and
  // must stay hidden from screen readers. Axe reads them as aria-hidden-focus; a known false positive
  // (microsoft/tabster#288, microsoft/fluentui#25133), so they alone are left out of the scan.
  // Colours are checked at rest: a drawer still fading in (opacity below 1) blends its text with what is under it,
  // which axe would report as low contrast. Wait until every running animation (Fluent's motion) has finished.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  let builder = new AxeBuilder({ page }).exclude('[data-tabster-dummy]');
  builder = scope.rules
    ? builder.withRules(scope.rules)
    : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
  if (scope.include) builder = builder.include(scope.include);
  const result = await builder.analyze();
  if (process.env.PIVOTAL_TEST_VERBOSE) console.log(`axe ${what}: ${Date.now() - started} ms`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

describe('Teams tab forecast, roles and accessibility (Chromium, real backend)', () => {
  let stack: Stack;
  let internal: string;
  beforeAll(async () => {
    stack = await startStack();
    internal = (await stack.pipelines()).get('New Business (internal)')!.id;
  });
  afterAll(async () => stack?.close());

  it("shows the API's forecast figures, and follows a move live", async () => {
    const { page } = await stack.open('manager', `?pipeline=${internal}&view=forecast`);
    const period = page.getByTestId('forecast-period');
    await page.getByTestId('forecast-total-amount').waitFor();
    const range = { from: (await period.getAttribute('data-from'))!, to: (await period.getAttribute('data-to'))! };
    const manager = await stack.sdk('manager');
    const api = await manager.opportunity.forecast.get({ pipelineId: internal, period: range });
    expect(api.totals.count).toBeGreaterThan(0);
    expect(await shownForecast(page)).toEqual(expected(api));
    // Closed won of the period: the won deals closing in it, summed to the cent (the forecast has open deals only).
    const won = await manager.opportunity
      .list({ pipelineId: internal, status: 'won', closeDateFrom: range.from, closeDateTo: range.to, limit: 200 })
      .toArray();
    const wonCents = won.filter((o) => o.currency === api.currency).reduce((s, o) => s + toCents(o.amount), 0n);
    await expect
      .poll(() => page.getByTestId('forecast-total-won').getAttribute('data-value'))
      .toBe(fromCents(wonCents));
    // The toggle names the period it shows.
    expect(await page.getByRole('button', { name: /^This quarter: Q[1-4] \d{4}$/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // Another user moves a deal of this period: the weighted figures change on the open page.
    const open = (
      await manager.opportunity.list({
        pipelineId: internal,
        status: 'open',
        closeDateFrom: range.from,
        closeDateTo: range.to,
        limit: 200,
      })
    ).data;
    const deal = open.find((o) => o.stage !== 'negotiation')!;
    await (
      await stack.sdk('rep')
    ).opportunity.moveStage({ id: deal.id, stage: 'negotiation', expectedVersion: deal.version });
    const after = await manager.opportunity.forecast.get({ pipelineId: internal, period: range });
    expect(after.totals.weighted).not.toBe(api.totals.weighted);
    await expect.poll(() => shownForecast(page), { timeout: 15_000 }).toEqual(expected(after));
  });

  it("shows a client viewer only its client's pipelines, read-only", async () => {
    const all = await stack.pipelines();
    const visible = (await (await stack.sdk('viewer')).pipeline.list({ limit: 200 }).toArray())
      .map((p) => p.name)
      .sort();
    expect(visible.length).toBeGreaterThan(0);
    // Even asked for the internal pipeline by URL, the tab shows one of the viewer's own.
    const { page } = await stack.open('viewer', `?pipeline=${internal}`);
    await page.getByTestId('board').waitFor();
    await page.getByTestId('pipeline-picker').click();
    await page.getByRole('option').first().waitFor();
    const offered = (await page.getByRole('option').allTextContents()).sort();
    await page.keyboard.press('Escape');
    expect(offered).toEqual(visible);
    const hidden = [...all.values()].filter((p) => p.clientId === null).map((p) => p.name);
    expect(hidden.length).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    for (const name of hidden) expect(text).not.toContain(name);
    expect(new URL(page.url()).searchParams.get('pipeline')).not.toBe(internal);
    // Nothing to drag, nothing to save.
    const card = firstCard(page, 'qualification');
    expect(await card.getAttribute('aria-roledescription')).toBe('opportunity');
    await card.click();
    const panel = page.getByRole('dialog');
    // Read-only fields are text, not inputs that look editable.
    const fields = panel.getByRole('region', { name: 'Opportunity fields' });
    await fields.waitFor();
    expect(await fields.getByRole('textbox').count()).toBe(0);
    expect(await fields.getByRole('spinbutton').count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Add task' }).count()).toBe(0);
    // No agency-internal cue (Idle / SLA) on the viewer's board, where the agency sees idle deals.
    await page.keyboard.press('Escape');
    expect(await page.getByText(/^Idle \d+d$/).count()).toBe(0);
    const shared = new URL(page.url()).searchParams.get('pipeline')!;
    const agency = await stack.open('manager', `?pipeline=${shared}`);
    await firstCard(agency.page, 'qualification').waitFor();
    expect(await agency.page.getByText(/^Idle \d+d$/).count()).toBeGreaterThan(0);
    const opp = await (await stack.sdk('viewer')).opportunity.get({ id: await idOfCard(card) });
    expect(opp.clientId).not.toBeNull();
  });

  it('has no serious or critical accessibility violations (sign-in, board, forecast, detail; light and dark)', async () => {
    const found: string[] = [];
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(stack.url(`?pipeline=${internal}`));
      await page.getByTestId('signin-manager').waitFor();
      found.push(...(await seriousViolations(page, 'sign-in')));
      await page.getByTestId('signin-manager').click();
      await firstCard(page, 'qualification').waitFor();
      found.push(...(await seriousViolations(page, 'board')));
      await firstCard(page, 'qualification').click();
      await page.getByRole('dialog').getByRole('form', { name: 'Opportunity fields' }).waitFor();
      await page.getByRole('dialog').getByText('Timeline').waitFor();
      // The board under the drawer was scanned above: the drawer alone now.
      found.push(...(await seriousViolations(page, 'detail', { include: '[role="dialog"]' })));
      for (const theme of ['light', 'dark'] as const) {
        await page.goto(stack.url(`?pipeline=${internal}&theme=${theme}&view=forecast`));
        await page.getByTestId('forecast-total-amount').waitFor();
        // Dark differs from light in colour only: contrast is what the dark pages are checked for.
        const rules = theme === 'dark' ? { rules: ['color-contrast'] } : {};
        found.push(...(await seriousViolations(page, `forecast ${theme}`, rules)));
        if (theme === 'dark') {
          await page.goto(stack.url(`?pipeline=${internal}&theme=dark`));
          await firstCard(page, 'qualification').waitFor();
          found.push(...(await seriousViolations(page, 'board dark', rules)));
        }
      }
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
