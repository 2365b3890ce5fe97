import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragToColumn, firstCard, idOfCard, keyboardMove, stageOfCard, startStack, type Stack } from './stack';

/** The board in Chromium against a real backend: moves by mouse and keyboard, refusals, live updates. */
describe('Teams tab board (Chromium, real backend)', () => {
  let stack: Stack;
  let internal: string;
  beforeAll(async () => {
    stack = await startStack();
    internal = (await stack.pipelines()).get('New Business (internal)')!.id;
  });
  afterAll(async () => stack?.close());

  it('drags a card to another stage; the server has it there', async () => {
    const { page } = await stack.open('manager', `?pipeline=${internal}`);
    const card = firstCard(page, 'qualification');
    const id = await idOfCard(card);
    await dragToColumn(page, card, 'proposal');
    await expect
      .poll(() => page.getByTestId('move-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/moved to Proposal/);
    const saved = await (await stack.sdk('manager')).opportunity.get({ id });
    expect(saved).toMatchObject({ stage: 'proposal', status: 'open' });
    expect(await stageOfCard(page, id)).toBe('proposal');
  });

  it('moves a card with the keyboard alone (space, arrow, space) and announces it', async () => {
    const { page } = await stack.open('rep', `?pipeline=${internal}`);
    const card = firstCard(page, 'proposal');
    const id = await idOfCard(card);
    await keyboardMove(page, card, 'Negotiation');
    await expect
      .poll(() => page.getByTestId('move-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/moved to Negotiation/);
    expect((await (await stack.sdk('rep')).opportunity.get({ id })).stage).toBe('negotiation');
  });

  it('rolls a refused move back and says why', async () => {
    const admin = await stack.sdk('admin');
    const pipeline = await admin.pipeline.create({
      name: 'Archived soon',
      defaultCurrency: 'GBP',
      stageOrder: ['qualification', 'proposal', 'closedWon', 'closedLost'],
    });
    const account = (await admin.account.list({ limit: 1 })).data[0]!;
    const opp = await admin.opportunity.create({
      pipelineId: pipeline.id,
      name: 'Refused deal',
      accountId: account.id,
      amount: '1000.00',
      currency: 'GBP',
    });
    const { page } = await stack.open('manager', `?pipeline=${pipeline.id}`);
    const card = page.getByTestId(`card-${opp.id}`);
    await card.waitFor();
    // Archived behind the page's back: the server now refuses every stage move in this pipeline.
    await admin.pipeline.archive({ id: pipeline.id, expectedVersion: pipeline.version });
    await dragToColumn(page, card, 'proposal');
    await expect
      .poll(() => page.getByTestId('move-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/Refused deal was not moved to Proposal: .*archived/);
    await expect.poll(() => stageOfCard(page, opp.id)).toBe('qualification');
    expect(await page.getByTestId('column-proposal').getAttribute('aria-label')).toBe('Proposal: 0 opportunities');
    expect((await admin.opportunity.get({ id: opp.id })).stage).toBe('qualification');
  });

  it('shows a move made in another browser without a reload', async () => {
    const manager = await stack.sdk('manager');
    const target = (
      await manager.opportunity.list({ pipelineId: internal, stage: 'qualification', status: 'open', limit: 1 })
    ).data[0]!;
    // The watcher narrows its board to the card by name (a URL filter), so the card is rendered wherever it lands.
    const watcher = await stack.open('rep2', `?pipeline=${internal}&q=${encodeURIComponent(target.name)}`);
    await watcher.page.getByTestId(`card-${target.id}`).waitFor();
    await expect.poll(() => watcher.page.getByTestId('live-state').textContent()).toBe('Live');
    await watcher.page.evaluate(() => {
      (window as unknown as { marker?: string }).marker = 'before-move';
    });
    const mover = await stack.open('manager', `?pipeline=${internal}&q=${encodeURIComponent(target.name)}`);
    await keyboardMove(mover.page, mover.page.getByTestId(`card-${target.id}`), 'Proposal');
    await expect
      .poll(() => mover.page.getByTestId('move-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/moved to Proposal/);
    await expect.poll(() => stageOfCard(watcher.page, target.id), { timeout: 15_000 }).toBe('proposal');
    // Same document all along: a marker set before the move survived it.
    expect(await watcher.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('before-move');
  });
});
