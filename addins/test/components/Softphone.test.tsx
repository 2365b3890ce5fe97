import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ids } from './fakeApi';
import { ADA, inputsOf, renderSoftphone, ringAndAccept } from './softphoneHarness';

const click = (name: string | RegExp) => fireEvent.click(screen.getByRole('button', { name }));

describe('softphone', () => {
  it('calls a number, auto-accepts the leg, drives the controls, hangs up, ends and records a callback', async () => {
    const { api, client } = renderSoftphone();
    fireEvent.click(await screen.findByRole('button', { name: `Call ${ADA}` }));
    await waitFor(() => expect(client.actions[0]).toEqual({ kind: 'init', token: 'fake-acs-token' }));
    await waitFor(() =>
      expect(inputsOf(api, 'call.start')).toEqual([
        {
          toNumber: ADA,
          contactId: ids.contact,
          opportunityId: '00000000-0000-7000-8000-00000000aaaa',
          provider: 'webrtc',
          record: false,
        },
      ]),
    );
    const leg = await ringAndAccept(api, client);
    client.customer('ringing');
    await waitFor(() => expect(screen.getByTestId('call-status').textContent).toBe('Ringing…'));
    client.customer('connected');
    await waitFor(() => expect(screen.getByTestId('call-status').textContent).toBe('Connected'));
    expect(screen.getByTestId('call-timer')).toBeTruthy();

    click('Mute');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Unmute' })).toBeTruthy());
    click('Hold');
    await waitFor(() => expect(screen.getByTestId('call-status').textContent).toBe('On hold'));
    click('Resume');
    await waitFor(() => expect(screen.getByTestId('call-status').textContent).toBe('Connected'));
    click('Keypad');
    const pad = screen.getByRole('group', { name: 'Dial pad' });
    for (const key of ['Key 4', 'Key 2', 'Key pound']) fireEvent.click(within(pad).getByRole('button', { name: key }));
    await waitFor(() =>
      expect(client.actions.filter((a) => a.kind === 'dtmf').map((a) => ('key' in a ? a.key : ''))).toEqual([
        '4',
        '2',
        '#',
      ]),
    );
    expect(client.actions).toContainEqual({ kind: 'mute', callId: leg, muted: true });
    expect(client.actions).toContainEqual({ kind: 'hold', callId: leg, held: true });
    expect(client.actions).toContainEqual({ kind: 'hold', callId: leg, held: false });

    click('Hang up');
    await waitFor(() => expect(client.actions).toContainEqual({ kind: 'hangUp', callId: leg }));
    const session = api.calling.sessions[0]!;
    await waitFor(() => expect(inputsOf(api, 'call.end')).toEqual([{ id: session.id, status: 'ended' }]));
    const form = await screen.findByRole('form', { name: 'Call outcome' });
    fireEvent.click(within(form).getByRole('radio', { name: 'Call back later' }));
    const when = within(form).getByLabelText(/Call back at/) as HTMLInputElement;
    fireEvent.change(when, { target: { value: '2099-03-04T10:30' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Notes' }), { target: { value: 'Wants the quote' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save outcome' }));
    await waitFor(() =>
      expect(inputsOf(api, 'call.disposition')).toEqual([
        {
          id: session.id,
          disposition: 'callback',
          callbackAt: new Date('2099-03-04T10:30').toISOString(),
          notes: 'Wants the quote',
        },
      ]),
    );
    await waitFor(() => expect(screen.queryByTestId('softphone')).toBeNull());
    expect(screen.getByRole('button', { name: `Call ${ADA}` })).toHaveProperty('disabled', false);
  });

  it('transfers blind, and warm: consult first, then hand the call over', async () => {
    const { api, client } = renderSoftphone();
    fireEvent.click(await screen.findByRole('button', { name: `Call ${ADA}` }));
    const leg = await ringAndAccept(api, client);
    client.customer('connected');
    click('Transfer');
    fireEvent.change(screen.getByRole('textbox', { name: /Transfer to/ }), { target: { value: '+15550123456' } });
    click('Consult first');
    await waitFor(() => expect(screen.getByRole('group', { name: 'Warm transfer' })).toBeTruthy());
    const consult = client.consult()!;
    expect(client.actions).toContainEqual({
      kind: 'consult',
      callId: leg,
      target: { kind: 'phone', number: '+15550123456' },
    });
    client.callState('connected', consult);
    await waitFor(() => expect(screen.getByText('Consulting: the customer is on hold')).toBeTruthy());
    click('Complete transfer');
    await waitFor(() =>
      expect(client.actions).toContainEqual({ kind: 'completeConsult', callId: leg, consultCallId: consult }),
    );
    await waitFor(() => expect(inputsOf(api, 'call.end')).toHaveLength(1));
    expect(await screen.findByRole('form', { name: 'Call outcome' })).toBeTruthy();
    expect(screen.getByTestId('call-status').textContent).toBe('Transferred');
    const order = client.actions.map((a) => a.kind);
    expect(order.indexOf('consult')).toBeLessThan(order.indexOf('completeConsult'));
    expect(order).not.toContain('transfer');

    // The next call: a blind transfer to a user.
    fireEvent.click(screen.getByRole('radio', { name: 'Connected' }));
    click('Save outcome');
    await waitFor(() => expect(screen.queryByTestId('softphone')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: `Call ${ADA}` }));
    const second = await ringAndAccept(api, client);
    click('Transfer');
    fireEvent.change(screen.getByRole('textbox', { name: /Transfer to/ }), { target: { value: '8:acs:colleague' } });
    click('Transfer now');
    await waitFor(() =>
      expect(client.actions).toContainEqual({
        kind: 'transfer',
        callId: second,
        target: { kind: 'user', id: '8:acs:colleague' },
      }),
    );
    await waitFor(() => expect(inputsOf(api, 'call.end')).toHaveLength(2));
  });

  it('shows the recording indicator while the client says recording is active', async () => {
    const { api, client } = renderSoftphone();
    fireEvent.click(await screen.findByRole('button', { name: `Call ${ADA}` }));
    await ringAndAccept(api, client);
    expect(screen.queryByTestId('recording-indicator')).toBeNull();
    client.recording(true);
    expect((await screen.findByTestId('recording-indicator')).textContent).toBe('Recording');
    client.recording(false);
    await waitFor(() => expect(screen.queryByTestId('recording-indicator')).toBeNull());
  });

  it('asks to record when chosen, and shows why the server refused (consent_required)', async () => {
    const { api } = renderSoftphone();
    api.calling.consentRequired = true;
    fireEvent.click(await screen.findByRole('switch', { name: 'Record calls' }));
    fireEvent.click(screen.getByRole('button', { name: `Call ${ADA}` }));
    const error = await screen.findByTestId('softphone-error');
    expect(error.textContent).toMatch(/cannot be recorded: .*every party's consent/);
    expect(inputsOf(api, 'call.start')[0]).toMatchObject({ record: true });
    expect(api.calling.sessions).toHaveLength(0);
    // Back to idle: the number can be called again.
    expect(screen.getByRole('button', { name: `Call ${ADA}` })).toHaveProperty('disabled', false);
  });

  it('shows a sign-in failure of the calling client in the message bar', async () => {
    const { client } = renderSoftphone();
    client.failures.init = new Error('The token is not valid');
    fireEvent.click(await screen.findByRole('button', { name: `Call ${ADA}` }));
    expect((await screen.findByTestId('softphone-error')).textContent).toMatch(
      /Could not start calling: The token is not valid/,
    );
  });

  it.each([
    ['without the flag', { flag: false }],
    ['without call.make', { permission: false }],
  ])('shows no calling %s: the number is plain text', async (_, opts) => {
    const { api } = renderSoftphone(opts);
    await waitFor(() => expect(api.calls.some((c) => c.op === 'me.get')).toBe(true));
    expect(await screen.findByText(ADA)).toBeTruthy();
    expect(screen.queryByRole('button', { name: `Call ${ADA}` })).toBeNull();
    expect(screen.queryByRole('switch', { name: 'Record calls' })).toBeNull();
    expect(screen.queryByTestId('softphone')).toBeNull();
  });
});
