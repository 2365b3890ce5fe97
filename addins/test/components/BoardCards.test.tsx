import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipelineBoard } from '../../shared/board/PipelineBoard';
import { formatDate } from '../../shared/data/format';
import { fakeApi, ids, opp, pipeline, task, type FakeRole } from './fakeApi';
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

/** Tries to lift a card with Space and move it one column right. */
async function tryKeyboardMove(card: HTMLElement) {
  const press = async (target: Element | Document, key: string, code: string) =>
    act(async () => {
      fireEvent.keyDown(target, { key, code });
      await new Promise((r) => setTimeout(r, 30));
    });
  card.focus();
  await press(card, ' ', 'Space');
  await press(document, 'ArrowRight', 'ArrowRight');
  await press(document, ' ', 'Space');
}

describe('board cards and what the caller may do with them', () => {
  const deals = () => [opp({ name: 'Mine' }), opp({ name: 'Theirs', ownerId: ids.other })];

  it("lets a rep lift only their own deals: another rep's card is neither draggable nor lifted by the keyboard", async () => {
    const api = fakeApi(deals());
    board(api);
    const theirs = await screen.findByRole('button', { name: /Theirs/ });
    const mine = screen.getByRole('button', { name: /Mine/ });
    expect(mine.dataset.draggable).toBe('true');
    expect(mine.getAttribute('aria-roledescription')).toBe('draggable opportunity');
    expect(theirs.dataset.draggable).toBe('false');
    expect(theirs.getAttribute('aria-roledescription')).toBe('opportunity');
    expect(theirs.getAttribute('aria-describedby')).toBeNull();
    await tryKeyboardMove(theirs);
    expect(api.calls.some((c) => c.op === 'opportunity.moveStage')).toBe(false);
    expect(within(screen.getByTestId('column-qualification')).getByText('Theirs')).toBeTruthy();
  });

  it('lets a manager (ownership.override) move anyone’s deal, but nobody a closed one', async () => {
    const won = opp({ name: 'Closed', stage: 'closedWon', status: 'won' });
    const api = fakeApi([...deals(), won], 'salesManager' satisfies FakeRole);
    board(api);
    const theirs = await screen.findByRole('button', { name: /Theirs/ });
    expect(theirs.dataset.draggable).toBe('true');
    expect(screen.getByRole('button', { name: /Closed/ }).dataset.draggable).toBe('false');
    await tryKeyboardMove(theirs);
    await waitFor(() => expect(api.calls.some((c) => c.op === 'opportunity.moveStage')).toBe(true));
  });

  it('shows company, primary contact and the next step, looked up in one batch for all cards', async () => {
    const withContact = opp({ name: 'With contact', primaryContactId: ids.contact });
    const late = opp({ name: 'Late step' });
    const none = opp({ name: 'Nothing planned' });
    const api = fakeApi([withContact, late, none]);
    api.contacts = [{ id: ids.contact, firstName: 'Ada', lastName: 'Lovelace' }];
    api.tasks = [
      task({ opportunityId: withContact.id, dueAt: '2026-11-20T09:00:00.000Z', title: 'Send the proposal' }),
      task({ opportunityId: withContact.id, dueAt: '2026-11-25T09:00:00.000Z', title: 'Later' }),
      task({ opportunityId: late.id, dueAt: '2026-11-02T09:00:00.000Z', status: 'overdue', title: 'Chase' }),
    ];
    board(api);
    await waitFor(() =>
      expect(screen.getByTestId(`company-${withContact.id}`).textContent).toBe('Tailspin Toys · Ada Lovelace'),
    );
    await waitFor(() =>
      expect(screen.getByTestId(`next-${withContact.id}`).textContent).toContain('Send the proposal'),
    );
    expect(screen.getByTestId(`next-${withContact.id}`).textContent).toContain(formatDate('2026-11-20T09:00:00.000Z'));
    expect(screen.getByTestId(`next-${late.id}`).textContent).toContain('(late) · Chase');
    expect(screen.getByTestId(`next-${none.id}`).textContent).toBe('No next step');
    // One request per task status for all three cards, one for the contacts: never one per card.
    const taskCalls = api.calls.filter((c) => c.op === 'task.list');
    expect(taskCalls.map((c) => c.input.status).sort()).toEqual(['inProgress', 'open', 'overdue']);
    expect(new Set(taskCalls.map((c) => (c.input.opportunityIds as string[]).length))).toEqual(new Set([3]));
    expect(api.calls.filter((c) => c.op === 'contact.list').map((c) => c.input.ids)).toEqual([[ids.contact]]);
  });

  it('flags open deals whose close date has passed, not closed ones', async () => {
    const overdue = opp({ name: 'Overdue deal', closeDate: '2026-11-09' });
    const today = opp({ name: 'Due today', closeDate: '2026-11-10' });
    const closed = opp({ name: 'Closed late', stage: 'closedLost', status: 'lost', closeDate: '2026-10-01' });
    board(fakeApi([overdue, today, closed]));
    await screen.findByText('Overdue deal');
    expect(screen.getByTestId(`close-${overdue.id}`).textContent).toBe(`Close ${formatDate('2026-11-09')}`);
    // The card's accessible name (its text) says it, not only the colour.
    expect(screen.getByRole('button', { name: /Overdue deal.*Overdue/ })).toBeTruthy();
    expect(screen.getAllByText('Overdue')).toHaveLength(1);
    expect(screen.getByTestId(`close-${overdue.id}`).dataset.overdue).toBe('true');
    expect(screen.getByTestId(`close-${today.id}`).dataset.overdue).toBeUndefined();
    expect(screen.getByTestId(`close-${closed.id}`).dataset.overdue).toBeUndefined();
  });

  it("shows the agency's internal Idle badge to its own people", async () => {
    const idle = { lastActivityAt: '2026-11-01T09:00:00.000Z' };
    board(fakeApi([opp({ name: 'Idle for the agency', ...idle })], 'salesRep'));
    expect(await screen.findByText('Idle 9d')).toBeTruthy();
  });

  it('shows a client viewer the same idle deal without the badge', async () => {
    board(fakeApi([opp({ name: 'Idle deal', lastActivityAt: '2026-11-01T09:00:00.000Z' })], 'clientViewer'));
    await screen.findByText('Idle deal');
    expect(screen.queryByText(/^Idle \d/)).toBeNull();
  });
});
