import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeCallingClient } from '../../shared/calls/client/fakeClient';
import { SoftphoneProvider } from '../../shared/calls/SoftphoneProvider';
import { OpportunityDetail } from '../../shared/detail/OpportunityDetail';
import { fakeApi, ids, opp } from './fakeApi';
import { renderWithApi } from './render';

function detail(calling: boolean) {
  const deal = opp({ name: 'Call me', primaryContactId: ids.contact });
  const api = fakeApi([deal]);
  api.calling.flag = calling;
  api.calling.permission = calling;
  api.contacts = [{ id: ids.contact, firstName: 'Ada', lastName: 'Lovelace', phone: '+442079460000' }];
  renderWithApi(
    <SoftphoneProvider createClient={async () => createFakeCallingClient()}>
      <OpportunityDetail id={deal.id} onClose={() => undefined} />
    </SoftphoneProvider>,
    api,
  );
  return { api, deal };
}

describe('opportunity detail phone', () => {
  it("shows the primary contact's phone as a click-to-call link that starts a call about the deal", async () => {
    const { api, deal } = detail(true);
    const fields = await screen.findByLabelText('Opportunity fields');
    const link = await within(fields).findByRole('button', { name: 'Call +442079460000' });
    fireEvent.click(link);
    await waitFor(() =>
      expect(api.calls.find((c) => c.op === 'call.start')?.input).toMatchObject({
        toNumber: '+442079460000',
        contactId: ids.contact,
        opportunityId: deal.id,
      }),
    );
    // The drawer is modal: the call is controlled from inside it.
    expect(await screen.findByRole('region', { name: 'Softphone' })).toBeTruthy();
  });

  it("calls the account's switchboard about the deal", async () => {
    const deal = opp({ name: 'Switchboard', primaryContactId: null });
    const api = fakeApi([deal]);
    api.accountPhone = '+442079461111';
    api.calling.flag = true;
    api.calling.permission = true;
    renderWithApi(
      <SoftphoneProvider createClient={async () => createFakeCallingClient()}>
        <OpportunityDetail id={deal.id} onClose={() => undefined} />
      </SoftphoneProvider>,
      api,
    );
    const fields = await screen.findByLabelText('Opportunity fields');
    fireEvent.click(await within(fields).findByRole('button', { name: 'Call +442079461111' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.op === 'call.start')?.input).toEqual({
        toNumber: '+442079461111',
        opportunityId: deal.id,
        provider: 'webrtc',
        record: false,
      }),
    );
  });

  it('shows the phone as text for a caller who may not call', async () => {
    detail(false);
    const fields = await screen.findByLabelText('Opportunity fields');
    expect(await within(fields).findByText('+442079460000')).toBeTruthy();
    expect(within(fields).queryByRole('button', { name: /^Call / })).toBeNull();
  });
});
