import type { MailContext, Me } from '@pivotal-pm/sdk';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MailboxHost, MailItem } from '../../shared/host/mailbox';
import { OutlookApp } from '../../outlook/src/OutlookApp';
import { me, opp, pipeline } from './fakeApi';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const jane = {
  id: '00000000-0000-7000-8000-00000000d001',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@initech.test',
  accountId: '00000000-0000-7000-8000-0000000000c1',
};
const initech = { id: jane.accountId, name: 'Initech', domain: 'initech.test' };
const BOB = '00000000-0000-7000-8000-00000000d002';
const bob = { id: BOB, firstName: 'Bob', lastName: 'Builder', email: 'bob@initech.test', accountId: initech.id };
const SEQ = '00000000-0000-7000-8000-00000000a501';
const TPL = '00000000-0000-7000-8000-00000000a601';

/** A context as `mailContext.get` answers it, for Jane's email about one breached deal. */
const deal = opp({ name: 'Initech renewal', stage: 'proposal', amount: '12500.00' });

function contextOf(input: { from?: string; to: string[]; cc: string[] }, known: boolean): MailContext {
  // As the API does: the caller's own address is not a person of their email.
  const addresses = [
    ...(input.from ? [{ address: input.from, role: 'from' as const }] : []),
    ...input.to.map((address) => ({ address, role: 'to' as const })),
    ...input.cc.map((address) => ({ address, role: 'cc' as const })),
  ].filter((p) => p.address !== 'rep@acme.test');
  return {
    message: null,
    people: addresses.map((p) => ({
      ...p,
      contact:
        known && p.address === jane.email ? (jane as never) : known && p.address === bob.email ? (bob as never) : null,
      account: p.address.endsWith('@initech.test') ? (initech as never) : null,
    })),
    opportunities: known
      ? [
          {
            opportunity: deal,
            pipelineName: 'New Business',
            ownerName: 'Remy Rep',
            daysInStage: 12,
            sla: 'breached',
            matchedBy: 'contact',
          },
        ]
      : [],
    lastTouch: null,
    openTasks: [],
    enrollments: [],
  };
}

/** The API the pane calls, recorded; `known` says whether Jane is a contact yet. */
function paneApi(options: { role?: 'salesRep' | 'clientViewer'; known?: boolean } = {}) {
  const calls: { op: string; input: Record<string, unknown> }[] = [];
  let known = options.known ?? true;
  const caller = me(options.role ?? 'salesRep') as Me;
  if ((options.role ?? 'salesRep') === 'salesRep') {
    caller.permissions = [
      ...caller.permissions,
      'mail.read',
      'engagement.write',
      'contact.read',
      'contact.write',
      'account.write',
      'sequence.read',
      'sequence.enroll',
      'mail.send',
    ] as Me['permissions'];
  }
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const op = String(url).split('/v1/')[1]!.split('?')[0]!;
    const query = new URL(String(url)).searchParams.get('input');
    const input = JSON.parse(String(init?.body ?? query ?? '{}')) as Record<string, unknown>;
    calls.push({ op, input });
    switch (op) {
      case 'me.get':
        return json(200, { data: caller });
      case 'pipeline.list':
        return json(200, { data: [pipeline], nextCursor: null });
      case 'mailContext.get':
        return json(200, { data: contextOf(input as never, known) });
      case 'engagement.log':
        return json(200, { data: { id: '00000000-0000-7000-8000-00000000e001', ...input } });
      case 'task.create':
        return json(200, { data: { id: '00000000-0000-7000-8000-00000000f001', ...input } });
      case 'account.create':
        return json(200, { data: { id: '00000000-0000-7000-8000-0000000000c9', ...input } });
      case 'sequence.list':
        return json(200, { data: [{ id: SEQ, name: 'Renewal nurture' }], nextCursor: null });
      case 'sequence.simulate':
        return json(200, {
          data: {
            sequenceId: SEQ,
            version: 1,
            startAt: '2026-12-01T09:00:00.000Z',
            schedule: [
              {
                contactId: jane.id,
                stepIndex: 0,
                stepKey: '0',
                type: 'email',
                at: '2026-12-02T09:00:00.000Z',
                nominalAt: '2026-12-01T09:00:00.000Z',
                deferredBy: ['send_window'],
                delays: [],
              },
            ],
            excluded: (input.contactIds as string[]).includes(BOB) ? [{ contactId: BOB, reason: 'opted_out' }] : [],
            warnings: [],
          },
        });
      case 'sequence.enroll':
        return json(200, {
          data: {
            results: [],
            enrolled: (input.targets as { contactId: string }[]).map((t) => ({ id: 'e1', contactId: t.contactId })),
            skipped: [],
          },
        });
      case 'template.list':
        return json(200, { data: [{ id: TPL, name: 'Check-in' }], nextCursor: null });
      case 'template.render':
        return json(200, { data: { subject: 'About your renewal', bodyHtml: '<p>Hi Jane</p>', contactId: jane.id } });
      case 'contact.create':
        known = true;
        return json(200, { data: { id: jane.id, ...input } });
      default:
        return json(501, { error: { code: 'not_implemented', message: op, requestId: 'r' } });
    }
  }) as typeof fetch;
  return { calls, fetch: fetchImpl, of: (op: string) => calls.filter((c) => c.op === op).map((c) => c.input) };
}

/** A MailboxHost double with one open item (Outlook-like: signed in through SSO); `inserted` records compose inserts. */
function fakeHost(item: MailItem | null, inserted: [string, string][] = []): MailboxHost {
  return {
    insertHtml: async (html, subject) => void inserted.push([html, subject]),
    kind: 'outlook',
    theme: 'light',
    onThemeChange: () => () => undefined,
    item: async () => item,
    onItemChange: () => () => undefined,
    getToken: async () => 'sso-token',
    userHint: 'rep@acme.test',
  };
}

const readItem = (patch: Partial<MailItem> = {}): MailItem => ({
  mode: 'read',
  internetMessageId: '<renewal-1@initech.test>',
  subject: 'Renewal question',
  from: { name: 'Jane Doe', address: 'Jane@Initech.test' },
  to: [{ name: 'Remy Rep', address: 'rep@acme.test' }],
  cc: [{ name: 'Bob Builder', address: 'bob@initech.test' }],
  createdAt: '2026-12-01T09:00:00.000Z',
  ...patch,
});

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
