import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NewDealButton } from '../../shared/board/NewDealDialog';
import { formatDate } from '../../shared/data/format';
import { OpportunityDetail } from '../../shared/detail/OpportunityDetail';
import { fakeApi, ids, opp, pipeline, task, type FakeRole } from './fakeApi';
import { renderWithApi } from './render';

function detail(deal: ReturnType<typeof opp>, role: FakeRole = 'salesRep') {
  const api = fakeApi([deal], role);
  api.contacts = [{ id: ids.contact, firstName: 'Ada', lastName: 'Lovelace' }];
  renderWithApi(<OpportunityDetail id={deal.id} onClose={() => undefined} />, api);
  return api;
}

describe('opportunity detail', () => {
  it("shows another rep's deal as text: no inputs, no Save", async () => {
    detail(opp({ name: 'Not mine', ownerId: ids.other, amount: '2500.00', primaryContactId: ids.contact }));
    const fields = await screen.findByLabelText('Opportunity fields');
    expect(within(fields).queryAllByRole('textbox')).toHaveLength(0);
    expect(within(fields).queryAllByRole('spinbutton')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(within(fields).getByText('£2,500.00')).toBeTruthy();
    await waitFor(() => expect(within(fields).getByText('Ada Lovelace')).toBeTruthy());
    expect(within(fields).getByText('Tailspin Toys')).toBeTruthy();
  });

  it('lets the owner edit and save, and flags a passed close date', async () => {
    const api = detail(opp({ name: 'Mine', closeDate: '2020-01-31' }));
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect((name as HTMLInputElement).value).toBe('Mine');
    expect(screen.getByText('Overdue: the close date has passed')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
    expect(api.calls.some((c) => c.op === 'opportunity.update')).toBe(false);
  });

  it('shows a closed deal of the rep read-only, and the overdue flag only for open deals', async () => {
    detail(opp({ name: 'Won one', status: 'won', stage: 'closedWon', closeDate: '2020-01-31' }));
    const fields = await screen.findByLabelText('Opportunity fields');
    expect(within(fields).getByText(formatDate('2020-01-31'))).toBeTruthy();
    expect(screen.queryByTestId('detail-overdue')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it('lists late tasks with the open ones, dates through the shared formatter', async () => {
    const deal = opp({ name: 'Tasks', ownerId: ids.other, closeDate: '2020-01-31' });
    const api = fakeApi([deal]);
    api.tasks = [
      task({ opportunityId: deal.id, dueAt: '2026-01-02T09:00:00.000Z', status: 'overdue', title: 'Late call' }),
      task({ opportunityId: deal.id, dueAt: '2099-01-02T09:00:00.000Z', title: 'Future call' }),
    ];
    renderWithApi(<OpportunityDetail id={deal.id} onClose={() => undefined} />, api);
    expect(
      await screen.findByLabelText(`Late call (due ${formatDate('2026-01-02T09:00:00.000Z')}, overdue)`),
    ).toBeTruthy();
    expect(screen.getByLabelText(`Future call (due ${formatDate('2099-01-02T09:00:00.000Z')})`)).toBeTruthy();
    expect(screen.getByTestId('detail-overdue').textContent).toBe('Overdue');
  });
});

describe('new deal', () => {
  it('is not offered to a role that may not create deals', async () => {
    const api = fakeApi([], 'clientViewer');
    renderWithApi(<NewDealButton pipeline={pipeline} onCreated={() => undefined} />, api);
    await waitFor(() => expect(api.calls.some((c) => c.op === 'me.get')).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('button', { name: 'New deal' })).toBeNull();
  });

  it('creates a deal in the current pipeline, showing the API’s field errors on the field', async () => {
    const api = fakeApi([]);
    const created: string[] = [];
    renderWithApi(<NewDealButton pipeline={pipeline} onCreated={(id) => created.push(id)} />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'New deal' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'Fresh deal' } });
    fireEvent.click(within(dialog).getByRole('combobox', { name: /Account/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Tailspin Toys' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Amount' }), { target: { value: '12,5' } });
    fireEvent.change(within(dialog).getByLabelText('Close date'), { target: { value: '2026-12-24' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create deal' }));
    expect(await within(dialog).findByText('expected a decimal amount')).toBeTruthy();
    expect(within(dialog).getByRole('textbox', { name: 'Amount' }).getAttribute('aria-invalid')).toBe('true');
    expect(created).toEqual([]);

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Amount' }), { target: { value: '12.50' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create deal' }));
    await waitFor(() => expect(created).toHaveLength(1));
    const sent = api.calls.filter((c) => c.op === 'opportunity.create').at(-1)!.input;
    expect(sent).toEqual({
      pipelineId: pipeline.id,
      name: 'Fresh deal',
      accountId: ids.account,
      amount: '12.50',
      currency: 'GBP',
      closeDate: '2026-12-24',
      stage: 'qualification',
    });
  });
});
