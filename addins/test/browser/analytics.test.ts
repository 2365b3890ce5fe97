import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack';

/** The Analytics view and the panel's Health and Next best action sections against a real backend (demo data). */
describe('Teams tab analytics (Chromium, real backend)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

  it("shows the API's figures: conversion by stage, win rate, reps, and no rep figures for a client viewer", async () => {
    const pipeline = [...(await stack.pipelines()).values()].find((p) => p.clientId === null)!;
    const { page } = await stack.open('manager', `?pipeline=${pipeline.id}&view=analytics&range=90d`);
    const manager = await stack.sdk('manager');
    const period = { from: await page.getByTestId('analytics-period').innerText() };
    const [from, to] = period.from.split(' – ');
    const metrics = await manager.pipeline.metrics.get({ pipelineId: pipeline.id, period: { from: from!, to: to! } });
    await page.getByTestId('win-rate').waitFor();
    expect(await page.getByTestId('win-rate').innerText()).toBe(pct(metrics.winRate));
    for (const s of metrics.stages)
      expect(await page.getByTestId(`conversion-${s.stage}`).innerText()).toBe(pct(s.conversionRate));
    const reps = await manager.rep.performance.get({ period: { from: from!, to: to! } });
    await page.getByRole('table', { name: 'Rep performance' }).waitFor();
    const rows = await page.locator('[data-rep]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rep')));
    expect(rows.filter((r) => r !== 'team')).toEqual(reps.reps.map((r) => r.userId));
    await page.getByRole('table', { name: 'Client and project rollups' }).waitFor();
    await page.getByRole('table', { name: 'Machine hits by reason' }).waitFor();
    const axe = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
    await page.screenshot({
      path: new URL('../../../docs/images/teams-analytics.png', import.meta.url).pathname,
      fullPage: false,
    });
    await page.context().close();

    const viewerPipeline = [...(await stack.pipelines()).values()].find((p) => p.clientId !== null)!;
    const viewer = await stack.open('viewer', `?pipeline=${viewerPipeline.id}&view=analytics`);
    await viewer.page.getByTestId('win-rate').waitFor();
    expect(await viewer.page.getByRole('table', { name: 'Rep performance' }).count()).toBe(0);
    expect(await viewer.page.getByTestId('sla-breaches').count()).toBe(0);
    await viewer.context.close();
  });

  it("fills the panel's Health score and Next best action from the API, factors and reasons shown", async () => {
    const rep = await stack.sdk('rep');
    const me = (await rep.me.get()).user!;
    const deal = (await rep.opportunity.list({ ownerId: me.id, status: 'open', limit: 50 })).data[0]!;
    const { page } = await stack.open('rep', `?pipeline=${deal.pipelineId}&opp=${deal.id}`);
    const badge = page.getByTestId('health-score');
    await badge.waitFor();
    const metrics = await rep.opportunity.metrics.get({ opportunityId: deal.id });
    expect(await badge.getAttribute('data-score')).toBe(String(metrics.score));
    expect(await page.getByRole('list', { name: 'Score factors' }).locator('li').count()).toBe(metrics.factors.length);
    const nba = await rep.nextBestAction.get({ opportunityId: deal.id });
    const section = page.getByRole('region', { name: 'Next best action' });
    if (nba.actions.length === 0) await section.getByText('Nothing pressing on this deal.').waitFor();
    else await section.getByText(nba.actions[0]!.rationale).waitFor();
    expect(await section.locator('[data-action]').count()).toBe(nba.actions.length);
    await page.context().close();
  });
});
