import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OutlookApp } from '../../outlook/src/OutlookApp';
import { BOB, fakeHost, initech, jane, paneApi, readItem, SEQ, TPL } from './paneFakes';

describe('Outlook pane', () => {
  it('shows who wrote and the open deal with its SLA, and logs the email by its Message-ID', async () => {
    const api = paneApi();
    render(<OutlookApp host={fakeHost(readItem())} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    const card = await screen.findByLabelText('Opportunity Initech renewal');
    expect(within(card).getByText('SLA breached')).toBeTruthy();
    expect(within(card).getByText(/12 d in stage/)).toBeTruthy();
    expect(within(screen.getByLabelText('People')).getByText('Jane Doe')).toBeTruthy();
    // Addresses go lower-cased, with the Message-ID, in one call.
    expect(api.of('mailContext.get')).toEqual([
      {
        internetMessageId: '<renewal-1@initech.test>',
        from: 'jane@initech.test',
        to: ['rep@acme.test'],
        cc: ['bob@initech.test'],
      },
    ]);
    fireEvent.click(within(card).getByRole('button', { name: 'Log email' }));
    expect(await within(card).findByText('Email logged to this opportunity.')).toBeTruthy();
    expect(api.of('engagement.log')).toEqual([
      expect.objectContaining({
        type: 'email_in',
        channel: 'email',
        internetMessageId: '<renewal-1@initech.test>',
        contactId: jane.id,
        occurredAt: '2026-12-01T09:00:00.000Z',
      }),
    ]);
    fireEvent.click(within(card).getByRole('button', { name: 'Add follow-up task' }));
    await waitFor(() => expect(api.of('task.create')).toHaveLength(1));
    expect(api.of('task.create')[0]).toMatchObject({ type: 'followup', title: 'Follow up: Renewal question' });
  });

  it('offers no logging for an item without a Message-ID (a delegate mailbox) or while composing', async () => {
    const api = paneApi();
    const { unmount } = render(
      <OutlookApp
        host={fakeHost(readItem({ internetMessageId: null }))}
        baseUrl="http://pivotal.test"
        fetch={api.fetch}
      />,
    );
    expect(await screen.findByLabelText('Opportunity Initech renewal')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Log email' })).toBeNull();
    unmount();
    const compose = readItem({
      mode: 'compose',
      internetMessageId: null,
      from: null,
      to: [{ name: '', address: 'jane@initech.test' }],
      cc: [],
    });
    render(<OutlookApp host={fakeHost(compose)} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    expect(await screen.findByLabelText('Opportunity Initech renewal')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Log email' })).toBeNull();
    expect(api.of('mailContext.get').at(-1)).toEqual({ to: ['jane@initech.test'], cc: [] });
  });

  it('adds an unknown sender as a contact on the account of their domain, named as Outlook shows them', async () => {
    const api = paneApi({ known: false });
    render(
      <OutlookApp
        host={fakeHost(readItem({ from: { name: 'Jane van Doe', address: 'jane@initech.test' }, cc: [] }))}
        baseUrl="http://pivotal.test"
        fetch={api.fetch}
      />,
    );
    expect(await screen.findByText('No open opportunity with these people.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add as contact' }));
    await waitFor(() => expect(api.of('contact.create')).toHaveLength(1));
    // The account of the domain exists (Initech): no new account.
    expect(api.of('account.create')).toEqual([]);
    expect(api.of('contact.create')[0]).toMatchObject({
      accountId: initech.id,
      email: 'jane@initech.test',
      firstName: 'Jane',
      lastName: 'van Doe',
    });
    // The context is asked again and now knows her.
    expect(await within(screen.getByLabelText('People')).findByText('Jane Doe')).toBeTruthy();
  });

  it('shows a client viewer no mail context at all, and never asks for one', async () => {
    const api = paneApi({ role: 'clientViewer' });
    render(<OutlookApp host={fakeHost(readItem())} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    expect(await screen.findByText(/Your role has no access to mail/)).toBeTruthy();
    expect(api.of('mailContext.get')).toEqual([]);
  });

  it('enrolls the people of the email after a preview that shows when each starts, and leaves out who cannot be', async () => {
    const api = paneApi();
    render(<OutlookApp host={fakeHost(readItem())} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    const panel = await screen.findByLabelText('Enroll in a sequence');
    fireEvent.click(within(panel).getByRole('combobox', { name: 'Sequence' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Renewal nurture' }));
    // Jane (the sender) is chosen; add Bob, who opted out.
    fireEvent.click(within(panel).getByRole('checkbox', { name: 'Bob Builder' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Preview the schedule' }));
    expect(await within(panel).findByText('Left out: opted out of email')).toBeTruthy();
    expect(within(panel).getByText(/First step \(email\)/)).toBeTruthy();
    expect(api.of('sequence.simulate')).toEqual([{ sequenceId: SEQ, contactIds: [jane.id, BOB] }]);
    fireEvent.click(within(panel).getByRole('button', { name: 'Enroll 1' }));
    expect(await within(panel).findByText('Enrolled 1.')).toBeTruthy();
    expect(api.of('sequence.enroll')).toEqual([{ sequenceId: SEQ, targets: [{ contactId: jane.id }] }]);
  });

  it('while composing, inserts a template filled for the first recipient who is a contact', async () => {
    const api = paneApi();
    const inserted: [string, string][] = [];
    const compose = readItem({
      mode: 'compose',
      internetMessageId: null,
      from: null,
      to: [{ name: 'Jane', address: 'Jane@initech.test' }],
      cc: [],
    });
    render(<OutlookApp host={fakeHost(compose, inserted)} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    const panel = await screen.findByLabelText('Insert a template');
    fireEvent.click(within(panel).getByRole('combobox', { name: 'Template' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Check-in' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Insert, filled for the recipients' }));
    expect(await within(panel).findByText('Inserted.')).toBeTruthy();
    expect(api.of('template.render')).toEqual([{ templateId: TPL, to: ['jane@initech.test'] }]);
    expect(inserted).toEqual([['<p>Hi Jane</p>', 'About your renewal']]);
  });
});
