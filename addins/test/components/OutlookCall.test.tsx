import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OutlookApp } from '../../outlook/src/OutlookApp';
import { createFakeCallingClient } from '../../shared/calls/client/fakeClient';
import { fakeHost, jane, paneApi, readItem } from './paneFakes';

describe('Outlook pane calls', () => {
  it("offers the known sender's phone as click-to-call, and runs the call in the pane", async () => {
    const api = paneApi({ calling: true });
    const client = createFakeCallingClient();
    render(
      <OutlookApp
        host={fakeHost(readItem())}
        baseUrl="http://pivotal.test"
        fetch={api.fetch}
        createCallingClient={async () => client}
      />,
    );
    const people = await screen.findByLabelText('People');
    fireEvent.click(await within(people).findByRole('button', { name: `Call ${jane.phone}` }));
    await waitFor(() =>
      expect(api.of('call.start')).toEqual([expect.objectContaining({ contactId: jane.id, toNumber: jane.phone })]),
    );
    const dock = await screen.findByRole('region', { name: 'Softphone' });
    await waitFor(() => expect(within(dock).getByTestId('call-status').textContent).toMatch(/Connecting your browser/));
    client.ring();
    expect(await within(dock).findByRole('button', { name: 'Hang up' })).toBeTruthy();
  });

  it('shows the phone as text without the calling flag', async () => {
    const api = paneApi();
    render(<OutlookApp host={fakeHost(readItem())} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    const people = await screen.findByLabelText('People');
    expect(await within(people).findByText(jane.phone)).toBeTruthy();
    expect(within(people).queryByRole('button', { name: /^Call / })).toBeNull();
  });
});
