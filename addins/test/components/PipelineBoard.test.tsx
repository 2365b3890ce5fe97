import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipelineBoard } from '../../shared/board/PipelineBoard';
import { sumFigures } from '../../shared/data/money';
import { fakeApi, opp, pipeline } from './fakeApi';
import { layOutColumns } from './layout';
import { renderWithApi } from './render';

const NOW = Date.parse('2026-11-10T09:00:00Z');
let restore: () => void;
beforeEach(() => {
  restore = layOutColumns();
});
afterEach(() => restore());

function board(api: ReturnType<typeof fakeApi>) {
  return renderWithApi(<PipelineBoard pipeline={pipeline} filters={{}} onOpen={() => undefined} now={NOW} />, api);
}

/** Lifts a card with Space, moves it `steps` columns right, drops it with Space. */
async function keyboardMove(card: HTMLElement, steps: number) {
  // dnd-kit measures between key presses (animation frames): give it a moment after each.
  const press = async (target: Element | Document, key: string, code: string) =>
    act(async () => {
      fireEvent.keyDown(target, { key, code });
      await new Promise((r) => setTimeout(r, 30));
    });
  card.focus();
  await press(card, ' ', 'Space');
  for (let i = 0; i < steps; i++) await press(document, 'ArrowRight', 'ArrowRight');
  await press(document, ' ', 'Space');
}

describe('PipelineBoard', () => {
  it('shows the columns in stageOrder with count, total and weighted amount summed exactly', async () => {
    const api = fakeApi([
      opp({ stage: 'qualification', amount: '1000.10', probability: 0.1 }),
      opp({ stage: 'qualification', amount: '2000.05', probability: 0.35 }),
      opp({ stage: 'proposal', amount: '999.99', probability: 0.35 }),
    ]);
    board(api);
    await screen.findByText('Deal 1');
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Qualification', 'Proposal', 'Negotiation', 'Closed won', 'Closed lost']);
    expect(screen.getByTestId('amount-qualification').dataset.value).toBe('3000.15');
    // 1000.10 x 0.1 + 2000.05 x 0.35 = 100.01 + 700.0175 = 800.0275 -> 800.03 (rounded once, at the end)
    expect(screen.getByTestId('weighted-qualification').dataset.value).toBe('800.03');
    expect(screen.getByTestId('amount-proposal').dataset.value).toBe('999.99');
    expect(within(screen.getByTestId('column-qualification')).getAllByRole('button')).toHaveLength(2);
    expect(screen.getByTestId('amount-negotiation').dataset.value).toBe('0.00');
  });

  it('flags a card whose stage SLA is breached', async () => {
    board(
      fakeApi([
        opp({ lastActivityAt: '2026-11-01T09:00:00.000Z' }),
        opp({ lastActivityAt: '2026-11-09T09:00:00.000Z' }),
      ]),
    );
    await screen.findByText('Deal 4');
    expect(screen.getByText('Idle 9d')).toBeTruthy();
    expect(screen.getAllByText(/^Idle/)).toHaveLength(1);
  });

  it('moves a card by keyboard: optimistic, then confirmed by opportunity.moveStage', async () => {
    const api = fakeApi([opp({ name: 'Keyboard deal' })]);
    board(api);
    const card = await screen.findByRole('button', { name: /Keyboard deal/ });
    await keyboardMove(card, 1);
    await waitFor(() => expect(within(screen.getByTestId('column-proposal')).getByText('Keyboard deal')).toBeTruthy());
    await waitFor(() =>
      expect(screen.getByTestId('move-outcome').textContent).toContain('Keyboard deal moved to Proposal'),
    );
    const move = api.calls.find((c) => c.op === 'opportunity.moveStage');
    expect(move?.input).toMatchObject({ stage: 'proposal', expectedVersion: 1 });
  });

  it('rolls a refused move back and says why', async () => {
    const refused = opp({ name: 'Refused deal' });
    const api = fakeApi([refused], 'salesRep', new Set([refused.id]));
    board(api);
    const card = await screen.findByRole('button', { name: /Refused deal/ });
    await keyboardMove(card, 2);
    await waitFor(() =>
      expect(screen.getByTestId('move-outcome').textContent).toContain(
        'was not moved to Negotiation: The opportunity is closed',
      ),
    );
    expect(within(screen.getByTestId('column-qualification')).getByText('Refused deal')).toBeTruthy();
    expect(within(screen.getByTestId('column-negotiation')).queryByText('Refused deal')).toBeNull();
  });

  it('asks for the reason before closing a card as won', async () => {
    const api = fakeApi([opp({ name: 'Won deal' })]);
    board(api);
    const card = await screen.findByRole('button', { name: /Won deal/ });
    await keyboardMove(card, 3);
    expect(await screen.findByText('Mark "Won deal" as won')).toBeTruthy();
    expect(api.calls.some((c) => c.op === 'opportunity.win')).toBe(false);
  });

  it('renders a small first page per column, then loads the rest in full pages in the background', async () => {
    const api = fakeApi(Array.from({ length: 450 }, (_, i) => opp({ name: `Bulk deal ${i}` })));
    board(api);
    await waitFor(() =>
      expect(screen.getByTestId('column-qualification').getAttribute('aria-label')).toBe(
        'Qualification: 450 opportunities',
      ),
    );
    const lists = api.calls
      .filter((c) => c.op === 'opportunity.list' && c.input.stage === 'qualification')
      .map((c) => [c.input.limit, c.input.cursor]);
    expect(lists).toEqual([
      [40, undefined],
      [200, '40'],
      [200, '240'],
      [200, '440'],
    ]);
    expect(screen.getByTestId('amount-qualification').getAttribute('data-value')).toBe(sumFigures(api.opps).amount);
  });

  it('lets a client viewer look but not move', async () => {
    const api = fakeApi([opp({ name: 'Viewer deal' })], 'clientViewer');
    board(api);
    const card = await screen.findByRole('button', { name: /Viewer deal/ });
    expect(card.getAttribute('aria-roledescription')).toBe('opportunity');
    // Not disabled (it still opens the detail), but the keyboard cannot lift it.
    expect(card.getAttribute('aria-disabled')).toBeNull();
    await keyboardMove(card, 1);
    expect(within(screen.getByTestId('column-qualification')).getByText('Viewer deal')).toBeTruthy();
    expect(api.calls.some((c) => c.op === 'opportunity.moveStage')).toBe(false);
  });
});
