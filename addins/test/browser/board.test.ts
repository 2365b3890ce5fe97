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
    // The watcher narrows its board to the card by name (a URL filter), so the card is rendered wherever it lands;
    // `owner=all`: a rep's board otherwise shows only their own deals.
    const watcher = await stack.open('rep2', `?pipeline=${internal}&owner=all&q=${encodeURIComponent(target.name)}`);
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

  it("opens a rep's board on their own deals; another rep's card is shown with owner=all but cannot be dragged", async () => {
    const rep = await stack.sdk('rep');
    const me = await rep.me.get();
    const { page } = await stack.open('rep', `?pipeline=${internal}`);
    await firstCard(page, 'qualification').waitFor();
    expect(await page.getByRole('combobox', { name: 'Owner' }).textContent()).toBe('My deals');
    const shown = await page
      .locator('[data-testid^="card-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('card-'.length)));
    expect(shown.length).toBeGreaterThan(0);
    const owners = await Promise.all(shown.map(async (id) => (await rep.opportunity.get({ id })).ownerId));
    expect(new Set(owners)).toEqual(new Set([me.user!.id]));
    // The column counts are the rep's open deals, as the API counts them.
    const mine = await rep.opportunity
      .list({ pipelineId: internal, stage: 'qualification', status: 'open', ownerId: me.user!.id, limit: 200 })
      .toArray();
    expect(await page.getByTestId('column-qualification').getAttribute('aria-label')).toBe(
      `Qualification: ${mine.length} opportunities`,
    );

    // A card's next step is the soonest unfinished task of the deal, looked up by the board in batches.
    const open = await rep.opportunity
      .list({ pipelineId: internal, status: 'open', ownerId: me.user!.id, limit: 200 })
      .toArray();
    const tasks = await Promise.all(
      (['overdue', 'open'] as const).map((status) =>
        rep.task.list({ opportunityIds: open.map((o) => o.id), status, limit: 200 }).toArray(),
      ),
    );
    const next = tasks.flat().sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0]!;
    const planned = open.find((o) => o.id === next.opportunityId)!;
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(planned.name);
    await expect
      .poll(() => page.getByTestId(`next-${planned.id}`).textContent(), { timeout: 15_000 })
      .toContain(next.title);
    expect(await page.getByTestId(`company-${planned.id}`).textContent()).not.toBe('');
    const taskRequests: string[] = [];
    page.on('request', (r) => r.url().includes('/v1/task.list') && taskRequests.push(r.url()));
    await page.getByRole('searchbox', { name: 'Search by name' }).fill('');
    await page.getByText('No next step').first().waitFor();
    await page.waitForTimeout(500);
    // One request per task status for the cards on screen, not one per card.
    expect(taskRequests.length).toBeLessThanOrEqual(6);

    // Everyone's deals: a colleague's card is there, neither draggable nor liftable.
    await page.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'Any owner' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('owner')).toBe('all');
    const foreign = (
      await rep.opportunity.list({ pipelineId: internal, stage: 'qualification', status: 'open', limit: 200 }).toArray()
    ).find((o) => o.ownerId !== me.user!.id)!;
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(foreign.name);
    const card = page.getByTestId(`card-${foreign.id}`);
    await card.waitFor();
    expect(await card.getAttribute('data-draggable')).toBe('false');
    expect(await card.getAttribute('aria-roledescription')).toBe('opportunity');
    await dragToColumn(page, card, 'proposal');
    await card.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.waitForTimeout(500);
    expect(await stageOfCard(page, foreign.id)).toBe('qualification');
    expect(await page.getByTestId('move-outcome').count()).toBe(0);
    expect((await rep.opportunity.get({ id: foreign.id })).stage).toBe('qualification');
  });
});
