import type { DialerNext, Task } from '@pivotal-pm/sdk';
import { screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { createFakeCallingClient, type FakeCallingClient } from '../../shared/calls/client/fakeClient';
import { PhoneLink } from '../../shared/calls/PhoneLink';
import { PowerDialer } from '../../shared/calls/PowerDialer';
import { RecordSwitch } from '../../shared/calls/RecordSwitch';
import { SoftphoneDock } from '../../shared/calls/SoftphoneDock';
import { SoftphoneProvider } from '../../shared/calls/SoftphoneProvider';
import { fakeApi, ids, task, type FakeApi } from './fakeApi';
import { renderWithApi } from './render';

export const ADA = '+442071234567';

/** A softphone over the fake client and API: a phone link, the record choice, the dock and, optionally, the dialer. */
export function renderSoftphone(opts: { flag?: boolean; permission?: boolean; dialer?: boolean } = {}) {
  const api = fakeApi([]);
  api.calling.flag = opts.flag ?? true;
  api.calling.permission = opts.permission ?? true;
  const client = createFakeCallingClient();
  renderWithApi(
    <SoftphoneProvider createClient={async () => client}>
      <PhoneLink phone={ADA} contactId={ids.contact} opportunityId="00000000-0000-7000-8000-00000000aaaa" name="Ada" />
      <RecordSwitch />
      {opts.dialer && <PowerDialer onStop={() => undefined} />}
      <SoftphoneDock placement="inline" />
    </SoftphoneProvider>,
    api,
  );
  return { api, client };
}

/** The ops the fake API saw of one id, with their inputs. */
export const inputsOf = (api: FakeApi, op: string) => api.calls.filter((c) => c.op === op).map((c) => c.input);

/** Waits for `call.start`, then the server rings the browser; answers the id of the accepted leg. */
export async function ringAndAccept(api: FakeApi, client: FakeCallingClient): Promise<string> {
  await waitFor(() => expect(inputsOf(api, 'call.start')).toHaveLength(api.calling.sessions.length || 1));
  await waitFor(() => expect(screen.getByTestId('call-status').textContent).toMatch(/Connecting your browser/));
  const incoming = client.ring();
  await waitFor(() => expect(client.actions).toContainEqual({ kind: 'accept', incomingId: incoming }));
  return client.current()!;
}

/** A dialer entry: a call task of a contact, with `remaining` after it. */
export function queued(name: string, phone: string, remaining: number): DialerNext {
  const t: Task = task({
    opportunityId: '00000000-0000-7000-8000-00000000aaaa',
    dueAt: '2026-11-02T09:00:00.000Z',
    title: `Call ${name}`,
  });
  return {
    task: t,
    contact: {
      id: `00000000-0000-7000-8000-c0${String(remaining).padStart(10, '0')}`,
      firstName: name,
      lastName: 'Test',
    } as DialerNext['contact'],
    opportunityId: t.opportunityId,
    phone,
    remaining,
  };
}
