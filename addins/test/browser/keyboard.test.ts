import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragToColumn, firstCard, idOfCard, keyboardMove, stageOfCard, startStack, type Stack } from './stack';

/** Where the focus is: inside the one open dialog (and not hidden from screen readers), on a card, or elsewhere. */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const dialogs = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')];
    const open = dialogs[0];
    return {
      dialogs: dialogs.length,
      inDialog: open !== undefined && active !== null && open.contains(active),
      dialogHidden: open !== undefined && open.closest('[aria-hidden="true"]') !== null,
      card: active?.getAttribute('data-card-id') ?? null,
    };
  });
}

/** How many elements of the open dialog take the focus with Tab. */
function tabbables(page: Page): Promise<number> {
  return page
    .getByRole('dialog')
    .evaluate(
      (d) =>
        [...d.querySelectorAll<HTMLElement>('button, input, textarea, select, a[href], [tabindex]')].filter(
          (el) =>
            el.tabIndex >= 0 &&
            !el.hasAttribute('disabled') &&
            !el.hasAttribute('data-tabster-dummy') &&
            el.getClientRects().length > 0,
        ).length,
    );
}

/**
 * Walks an open dialog as a keyboard user: the focus is inside it (and it is not aria-hidden), Tab and Shift+Tab go
 * round it and never leave, Escape closes it and the focus is back on the card `trigger`.
 */
async function walkDialog(page: Page, trigger: string, what: string): Promise<void> {
  await expect
    .poll(() => focusState(page), { message: `${what}: focus moves into the dialog` })
    .toMatchObject({ dialogs: 1, inDialog: true, dialogHidden: false });
  const count = await tabbables(page);
  expect(count, what).toBeGreaterThan(0);
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < count + 2; i++) {
      await page.keyboard.press(key);
      expect(await focusState(page), `${what}: ${key} #${i + 1} stays inside`).toMatchObject({
        dialogs: 1,
        inDialog: true,
        dialogHidden: false,
      });
    }
  }
  await page.keyboard.press('Escape');
  await expect
    .poll(() => focusState(page), { message: `${what}: Escape closes it and returns the focus` })
    .toMatchObject({ dialogs: 0, card: trigger });
}

/** Lifts the card with Space, moves it one column right and drops it with Space (keyboard alone). */
const keyboardDrop = (page: Page, card: Locator, label: string) => keyboardMove(page, card, label);

describe('Teams tab keyboard and dialogs (Chromium, real backend)', () => {
  let stack: Stack;
  let internal: string;
  beforeAll(async () => {
    stack = await startStack();
    internal = (await stack.pipelines()).get('New Business (internal)')!.id;
  });
  afterAll(async () => stack?.close());

  it('Enter on a focused card opens its detail, which keeps the focus; Escape gives it back to the card', async () => {
    const { page } = await stack.open('manager', `?pipeline=${internal}`);
    const card = firstCard(page, 'qualification');
    const id = await idOfCard(card);
    await card.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Opportunity detail' });
    await panel.getByRole('form', { name: 'Opportunity fields' }).waitFor();
    expect(new URL(page.url()).searchParams.get('opp')).toBe(id);
    expect(await focusState(page)).toMatchObject({ dialogs: 1, inDialog: true, dialogHidden: false });
    await page.keyboard.press('Escape');
    await expect.poll(() => focusState(page)).toMatchObject({ dialogs: 0, card: id });
    expect(new URL(page.url()).searchParams.get('opp')).toBeNull();
  });

  it('a keyboard drop on Closed won opens the reason dialog with the focus in it; the win is made without a mouse', async () => {
    const { page } = await stack.open('manager', `?pipeline=${internal}`);
    const card = firstCard(page, 'negotiation');
    const id = await idOfCard(card);
    await keyboardDrop(page, card, 'Closed won');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Why did we win?').waitFor();
    expect(await focusState(page)).toMatchObject({ dialogs: 1, inDialog: true, dialogHidden: false });
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    if (process.env.PIVOTAL_SCREENSHOT_DIR)
      await page.screenshot({ path: join(process.env.PIVOTAL_SCREENSHOT_DIR, 'teams-reason-dialog-keyboard.png') });
    await page.keyboard.type('Best price and a fast pilot');
    await page.keyboard.press('Tab'); // Cancel
    await page.keyboard.press('Tab'); // Mark won
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('move-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/moved to Closed won/);
    expect(await (await stack.sdk('manager')).opportunity.get({ id })).toMatchObject({
      stage: 'closedWon',
      status: 'won',
    });
    // The focus went with the card into its new column.
    await expect.poll(() => focusState(page)).toMatchObject({ dialogs: 0, card: id });
    expect(await stageOfCard(page, id)).toBe('closedWon');
  });

  it('a keyboard move to an open stage keeps the focus on the card in its new column', async () => {
    const { page } = await stack.open('rep', `?pipeline=${internal}`);
    const card = firstCard(page, 'qualification');
    const id = await idOfCard(card);
    await keyboardMove(page, card, 'Proposal');
    await expect
      .poll(() => page.getByTestId('move-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/moved to Proposal/);
    await expect.poll(() => focusState(page)).toMatchObject({ card: id });
    expect(await stageOfCard(page, id)).toBe('proposal');
  });

  it('every dialog of the tab traps the focus: the detail panel, and the reason dialog for won and lost (keyboard and mouse)', async () => {
    const { page } = await stack.open('manager', `?pipeline=${internal}`);
    const manager = await stack.sdk('manager');

    // 1. The detail panel, opened with Enter and with a click.
    const card = firstCard(page, 'proposal');
    const id = await idOfCard(card);
    await card.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('form', { name: 'Opportunity fields' }).waitFor();
    await page.getByRole('dialog').getByText('Timeline').waitFor();
    await walkDialog(page, id, 'detail (Enter)');
    await card.click();
    await page.getByRole('dialog').getByRole('form', { name: 'Opportunity fields' }).waitFor();
    await walkDialog(page, id, 'detail (click)');

    // 2. The reason dialog for Closed won (keyboard drop) and Closed lost (keyboard and mouse drops): Escape cancels.
    const won = firstCard(page, 'negotiation');
    const wonId = await idOfCard(won);
    await keyboardDrop(page, won, 'Closed won');
    await page.getByRole('dialog').getByText('Why did we win?').waitFor();
    await walkDialog(page, wonId, 'reason (won, keyboard)');
    expect(await stageOfCard(page, wonId)).toBe('negotiation');

    const lost = firstCard(page, 'negotiation');
    const lostId = await idOfCard(lost);
    await dragToColumn(page, lost, 'closedLost');
    await page.getByRole('dialog').getByText('Why did we lose?').waitFor();
    await walkDialog(page, lostId, 'reason (lost, mouse)');
    expect(await stageOfCard(page, lostId)).toBe('negotiation');
    expect((await manager.opportunity.get({ id: lostId })).status).toBe('open');
  });
});
