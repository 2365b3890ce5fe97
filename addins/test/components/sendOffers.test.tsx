import type { MessageIndex } from '@pivotal-pm/sdk';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OutlookApp } from '../../outlook/src/OutlookApp';
import {
  addOffer,
  freshOffers,
  MAX_OFFERS,
  memoryOfferStore,
  OFFER_TTL_MS,
  sentCopy,
  type SendOffer,
} from '../../shared/host/sendOffers';
import { fakeHost, jane, paneApi, readItem, SEQ } from './paneFakes';

const offer = (patch: Partial<SendOffer> = {}): SendOffer => ({
  id: 'o1',
  sequenceId: SEQ,
  sequenceName: 'Renewal nurture',
  contacts: [{ id: jane.id, name: 'Jane Doe', email: jane.email }],
  subject: 'Re: Renewal question',
  recipients: ['jane@initech.test'],
  savedAt: '2026-12-01T10:00:00.000Z',
  ...patch,
});

const sentMessage = (patch: Partial<MessageIndex> = {}) =>
  ({
    id: '00000000-0000-7000-8000-00000000b001',
    folder: 'sent',
    from: 'rep@acme.test',
    to: ['Jane@Initech.test'],
    cc: [],
    subject: 'RE:  Renewal question',
    receivedAt: '2026-12-01T10:02:00.000Z',
    ...patch,
  }) as MessageIndex;

describe('after-send offers (rules)', () => {
  it('recognises the sent copy by subject (case and spaces aside), a recipient and a time after the offer', () => {
    const o = offer({ subject: 're: renewal question' });
    expect(sentCopy(o, [sentMessage()])?.id).toBe('00000000-0000-7000-8000-00000000b001');
    expect(sentCopy(o, [sentMessage({ subject: 'Re: Something else' })])).toBeNull();
    expect(sentCopy(o, [sentMessage({ to: ['someone@else.test'] })])).toBeNull();
    // An older email of the same subject (sent before the offer, clock skew aside) is not this one.
    expect(sentCopy(o, [sentMessage({ receivedAt: '2026-12-01T09:00:00.000Z' })])).toBeNull();
    expect(sentCopy(o, [sentMessage({ receivedAt: '2026-12-01T09:57:00.000Z' })])).not.toBeNull();
    expect(sentCopy(o, [sentMessage({ to: [], cc: ['jane@initech.test'] })])).not.toBeNull();
  });

  it('keeps a week of offers, newest first, at most MAX_OFFERS, one per draft', async () => {
    const now = Date.parse('2026-12-07T10:00:00.000Z');
    const old = offer({ id: 'old', savedAt: new Date(now - OFFER_TTL_MS - 1).toISOString() });
    const kept = freshOffers([old, offer({ id: 'a' }), offer({ id: 'b', savedAt: '2026-12-02T10:00:00.000Z' })], now);
    expect(kept.map((o) => o.id)).toEqual(['b', 'a']);
    const many = Array.from({ length: MAX_OFFERS + 5 }, (_, i) =>
      offer({ id: `n${i}`, subject: `s${i}`, savedAt: new Date(now - i * 1000).toISOString() }),
    );
    expect(freshOffers(many, now)).toHaveLength(MAX_OFFERS);
    const store = memoryOfferStore([offer({ id: 'first' })]);
    await addOffer(store, offer({ id: 'again', savedAt: '2026-12-01T11:00:00.000Z' }), now);
    // The same draft offered again replaces the first offer.
    expect((await store.list()).map((o) => o.id)).toEqual(['again']);
  });
});

describe('after-send offers (pane)', () => {
  it('offers while composing, waits for the Sent folder, then enrolls with one click', async () => {
    let sent: MessageIndex[] = [];
    const api = paneApi({ sent: () => sent });
    const store = memoryOfferStore();
    const compose = readItem({
      mode: 'compose',
      internetMessageId: null,
      subject: 'Re: Renewal question',
      from: null,
      to: [{ name: 'Jane', address: 'Jane@initech.test' }],
      cc: [],
    });
    const { unmount } = render(
      <OutlookApp host={fakeHost(compose, [], store)} baseUrl="http://pivotal.test" fetch={api.fetch} />,
    );
    const panel = await screen.findByLabelText('Enroll in a sequence');
    expect(within(panel).getByText('After sending, enroll in a sequence')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('combobox', { name: 'Sequence' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Renewal nurture' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Preview the schedule' }));
    fireEvent.click(await within(panel).findByRole('button', { name: 'Offer to enroll 1 after I send' }));
    await within(panel).findByText(/Once this email is in your Sent folder/);
    // Nothing is enrolled while the email is being written.
    expect(api.of('sequence.enroll')).toEqual([]);
    expect(await store.list()).toEqual([
      expect.objectContaining({
        sequenceId: SEQ,
        subject: 'Re: Renewal question',
        recipients: ['jane@initech.test'],
        contacts: [{ id: jane.id, name: 'Jane Doe', email: jane.email }],
      }),
    ]);
    unmount();

    // Back in the reading pane before the email is sent: the offer waits, with no way to enroll yet.
    const read = render(
      <OutlookApp host={fakeHost(readItem(), [], store)} baseUrl="http://pivotal.test" fetch={api.fetch} />,
    );
    const card = await screen.findByLabelText('After sending Re: Renewal question');
    await within(card).findByText(/Not in your Sent folder yet/);
    expect(within(card).queryByRole('button', { name: /Enroll/ })).toBeNull();
    read.unmount();

    // Sent: the sync has its copy in Sent.
    sent = [sentMessage({ receivedAt: new Date().toISOString() })];
    render(<OutlookApp host={fakeHost(readItem(), [], store)} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    const ready = await screen.findByLabelText('After sending Re: Renewal question');
    fireEvent.click(await within(ready).findByRole('button', { name: 'Enroll 1' }));
    expect(await screen.findByText('Enrolled 1 in Renewal nurture.')).toBeTruthy();
    expect(api.of('sequence.enroll')).toEqual([{ sequenceId: SEQ, targets: [{ contactId: jane.id }] }]);
    expect(await store.list()).toEqual([]);
  });

  it('forgets an offer on "Forget it", and a client viewer is never offered one', async () => {
    const store = memoryOfferStore([offer({ savedAt: new Date().toISOString() })]);
    const api = paneApi();
    const { unmount } = render(
      <OutlookApp host={fakeHost(readItem(), [], store)} baseUrl="http://pivotal.test" fetch={api.fetch} />,
    );
    const card = await screen.findByLabelText('After sending Re: Renewal question');
    fireEvent.click(await within(card).findByRole('button', { name: 'Forget it' }));
    await waitFor(() => expect(screen.queryByLabelText('After sending Re: Renewal question')).toBeNull());
    expect(await store.list()).toEqual([]);
    unmount();

    const kept = memoryOfferStore([offer({ savedAt: new Date().toISOString() })]);
    const viewer = paneApi({ role: 'clientViewer' });
    render(<OutlookApp host={fakeHost(readItem(), [], kept)} baseUrl="http://pivotal.test" fetch={viewer.fetch} />);
    expect(await screen.findByText(/Your role has no access to mail/)).toBeTruthy();
    expect(viewer.of('mail.messages.list')).toEqual([]);
  });
});
