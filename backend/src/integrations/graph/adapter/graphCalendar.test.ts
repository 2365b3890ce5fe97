import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from '../emulator/server';
import type { MailboxRef } from '../mailboxAccess';
import { emulatorMailboxAccess } from './emulatorMailboxAccess';
import { GraphRequestError, isNotFound } from './errors';
import { type GraphMailAdapter, createGraphMailAdapter } from './graphMailAdapter';
import type { TransportEvent } from './graphTransport';
import type { EventInput } from './types';

const HOST = 'host@agency.example';
const CLIENT = 'client@agency.example';
const OTHER = 'other@agency.example';
const ref: MailboxRef = { tenantId: 't1', mailboxId: 'm-host', address: HOST };
const otherRef: MailboxRef = { tenantId: 't1', mailboxId: 'm-other', address: OTHER };

let serial = 0;
const meeting = (overrides: Partial<EventInput> = {}): EventInput => {
  serial += 1;
  return {
    subject: 'Quarterly review',
    body: { contentType: 'text', content: 'Numbers and next steps.' },
    start: new Date('2026-06-02T13:00:00Z'),
    end: new Date('2026-06-02T14:00:00Z'),
    timeZone: 'Europe/Paris',
    location: 'Teams',
    attendees: [{ address: CLIENT, name: 'Client' }],
    online: true,
    transactionId: `tx-${serial}`,
    ...overrides,
  };
};

describe('graph adapter calendar against the emulator', () => {
  let emulator: GraphEmulator;
  let adapter: GraphMailAdapter;
  let events: TransportEvent[];
  const defaults = getCACertificates('default');

  beforeAll(async () => {
    emulator = await startGraphEmulator();
    setDefaultCACertificates([...defaults, emulator.caPem]);
    for (const address of [HOST, CLIENT, OTHER]) emulator.control.seedMailbox({ address, messages: 0 });
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await emulator.close();
  });
  beforeEach(() => {
    events = [];
    adapter = createGraphMailAdapter({
      baseUrl: emulator.url,
      access: emulatorMailboxAccess(emulator),
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      observe: (event) => events.push(event),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
  });

  it('creates an online meeting with a Teams join URL, planned in its own zone, and invites the attendee', async () => {
    const created = await adapter.createEvent(ref, meeting());
    expect(created.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(created.webLink).toContain('/calendar/item');
    expect(created.iCalUId).toMatch(/^040000008200E000/);
    const read = await adapter.getEvent(ref, created.id);
    expect(read).toMatchObject({ subject: 'Quarterly review', isOnlineMeeting: true, onlineMeetingUrl: null });
    expect(read.start).toEqual({ dateTime: '2026-06-02T13:00:00.0000000', timeZone: 'UTC' });
    expect(read).toMatchObject({ originalStartTimeZone: 'Europe/Paris' });
    expect(emulator.control.messages(CLIENT, 'inbox').at(-1)).toMatchObject({ meetingMessageType: 'meetingRequest' });
    const offline = await adapter.createEvent(ref, meeting({ online: false, attendees: [] }));
    expect(offline.joinUrl).toBeNull();
  });

  it('makes one event of two creates with the same transactionId', async () => {
    const input = meeting({ transactionId: 'pivotal-meeting-42' });
    const first = await adapter.createEvent(ref, input);
    const second = await adapter.createEvent(ref, { ...input, subject: 'Quarterly review (retry)' });
    expect(second).toEqual(first);
    const view = await adapter.calendarView(ref, {
      start: new Date('2026-06-02T00:00:00Z'),
      end: new Date('2026-06-03T00:00:00Z'),
    });
    expect(view.items.filter((e) => e.transactionId === 'pivotal-meeting-42')).toHaveLength(1);
  });

  it('retries a 429 with Retry-After and then creates the event once', async () => {
    emulator.control.injectFault(HOST, { kind: 'throttle', count: 1, retryAfterSeconds: 1 });
    const before = emulator.control.requests().length;
    const created = await adapter.createEvent(ref, meeting({ attendees: [] }));
    expect(created.id).toBeTruthy();
    expect(events.filter((e) => e.kind === 'retry').map((e) => e.kind === 'retry' && e.status)).toEqual([429]);
    const posts = emulator.control
      .requests()
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/events'));
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
  });

  it('surfaces a range that ends before it starts as a 400 GraphRequestError, not retried', async () => {
    const failed = await adapter
      .createEvent(ref, meeting({ end: new Date('2026-06-02T12:00:00Z') }))
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GraphRequestError);
    expect(failed).toMatchObject({ status: 400, code: 'ErrorPropertyValidationFailure', attempts: 1 });
  });

  it('answers events in a calendarView window and not outside it, page by page', async () => {
    const day = (d: number, h: number) => new Date(Date.UTC(2026, 6, d, h));
    const inside = await adapter.createEvent(ref, meeting({ start: day(10, 9), end: day(10, 10), attendees: [] }));
    const overlapping = await adapter.createEvent(ref, meeting({ start: day(10, 23), end: day(11, 1), attendees: [] }));
    const outside = await adapter.createEvent(ref, meeting({ start: day(12, 9), end: day(12, 10), attendees: [] }));
    const ids: string[] = [];
    let page = await adapter.calendarView(ref, { start: day(10, 0), end: day(11, 0), pageSize: 1 });
    ids.push(...page.items.map((e) => e.id));
    while (page.nextLink) {
      page = await adapter.calendarView(ref, { link: page.nextLink });
      ids.push(...page.items.map((e) => e.id));
    }
    expect(ids).toEqual([inside.id, overlapping.id]);
    expect(ids).not.toContain(outside.id);
  });

  it("keeps a mailbox's events to its own path, and cancels them", async () => {
    const created = await adapter.createEvent(ref, meeting({ attendees: [] }));
    const foreign = await adapter.getEvent(otherRef, created.id).catch((error: unknown) => error);
    expect(isNotFound(foreign)).toBe(true);
    const view = await adapter.calendarView(otherRef, {
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
    expect(view.items).toEqual([]);
    await adapter.cancelEvent(ref, created.id, 'No longer needed');
    expect(isNotFound(await adapter.getEvent(ref, created.id).catch((error: unknown) => error))).toBe(true);
  });
});
