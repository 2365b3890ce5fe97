import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { inputsOf, queued, renderSoftphone, ringAndAccept } from './softphoneHarness';

describe('power dialer', () => {
  it('walks the queue: call, outcome, the next one without a reload; skip passes skipTaskId; stops when empty', async () => {
    const { api, client } = renderSoftphone({ dialer: true });
    const first = queued('Ann', '+15550000001', 3);
    const skipped = queued('Bob', '+15550000002', 2);
    const second = queued('Cid', '+15550000003', 1);
    const third = queued('Dee', '+15550000004', 0);
    api.calling.queue.push(first, skipped, second, third);
    const dialer = await screen.findByRole('region', { name: 'Power dialer' });
    const current = () => within(dialer).getByTestId('dialer-current').textContent;

    const callAndDispose = async (phone: string) => {
      fireEvent.click(within(dialer).getByRole('button', { name: `Call ${phone}` }));
      const before = api.calling.sessions.length;
      await waitFor(() => expect(api.calling.sessions).toHaveLength(before + 1));
      await ringAndAccept(api, client);
      client.customer('connected');
      fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
      const form = await screen.findByRole('form', { name: 'Call outcome' });
      fireEvent.click(within(form).getByRole('radio', { name: 'Left voicemail' }));
      fireEvent.click(within(form).getByRole('button', { name: 'Save outcome' }));
      await waitFor(() => expect(screen.queryByRole('form', { name: 'Call outcome' })).toBeNull());
    };

    await waitFor(() => expect(current()).toMatch(/Ann Test/));
    expect(within(dialer).getByText('3 more after this one')).toBeTruthy();
    await callAndDispose(first.phone!);
    expect(inputsOf(api, 'call.start').at(-1)).toMatchObject({
      toNumber: first.phone,
      taskId: first.task!.id,
      contactId: first.contact!.id,
      opportunityId: first.opportunityId,
    });
    await waitFor(() => expect(current()).toMatch(/Bob Test/));
    fireEvent.click(within(dialer).getByRole('button', { name: 'Skip' }));
    await waitFor(() => expect(current()).toMatch(/Cid Test/));
    expect(inputsOf(api, 'dialer.queue.next')).toEqual([{}, {}, { skipTaskId: skipped.task!.id }]);
    await callAndDispose(second.phone!);
    await waitFor(() => expect(current()).toMatch(/Dee Test/));
    await callAndDispose(third.phone!);
    expect((await within(dialer).findByTestId('dialer-empty')).textContent).toMatch(/queue is empty/);
    expect(inputsOf(api, 'call.disposition').map((d) => d.disposition)).toEqual(['left_vm', 'left_vm', 'left_vm']);
    expect(inputsOf(api, 'call.start').map((s) => s.taskId)).toEqual([first.task!.id, second.task!.id, third.task!.id]);
    expect(within(dialer).getByRole('button', { name: 'Skip' })).toHaveProperty('disabled', true);
  });
});
