import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from './server';
import { callEmulator } from './testClient';

const ORGANIZER = 'planner@agency.example';
const GUEST = 'guest@agency.example';
const base = `/v1.0/users/${ORGANIZER}`;

const meeting = (overrides: Record<string, unknown> = {}) => ({
  subject: 'Kick-off',
  body: { contentType: 'HTML', content: '<p>Agenda attached</p>' },
  start: { dateTime: '2026-03-10T09:00:00', timeZone: 'W. Europe Standard Time' },
  end: { dateTime: '2026-03-10T10:00:00', timeZone: 'W. Europe Standard Time' },
  location: { displayName: 'Room 4' },
  attendees: [
    { emailAddress: { address: GUEST, name: 'Guest' }, type: 'Required' },
    { emailAddress: { address: 'outside@contoso.example' }, type: 'optional' },
  ],
  isOnlineMeeting: true,
  onlineMeetingProvider: 'teamsForBusiness',
  ...overrides,
});

describe('graph emulator: calendars', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => {
    emulator = await startGraphEmulator();
    emulator.control.seedMailbox({ address: ORGANIZER, messages: 0 });
    emulator.control.seedMailbox({ address: GUEST, messages: 0 });
  });
  afterAll(() => emulator.close());

  it('creates a Teams meeting answered in UTC, with its zone kept, and invites emulated attendees', async () => {
    const created = await callEmulator(emulator, 'POST', `${base}/events`, { body: meeting() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      subject: 'Kick-off',
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeetingUrl: null,
      onlineMeeting: { joinUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//) },
      start: { dateTime: '2026-03-10T08:00:00.0000000', timeZone: 'UTC' },
      originalStartTimeZone: 'W. Europe Standard Time',
      body: { contentType: 'html' },
      organizer: { emailAddress: { address: ORGANIZER } },
      attendees: [{ type: 'required', status: { response: 'none' } }, { type: 'optional' }],
      isOrganizer: true,
      type: 'singleInstance',
    });
    expect(created.body).not.toHaveProperty('transactionId');
    expect(String(created.body.webLink)).toContain(encodeURIComponent(String(created.body.id)));
    const invitation = emulator.control.messages(GUEST, 'inbox').at(-1);
    expect(invitation).toMatchObject({ subject: 'Kick-off', meetingMessageType: 'meetingRequest', isRead: false });
    expect(invitation?.from.emailAddress.address).toBe(ORGANIZER);
    // Prefer: outlook.timezone answers start/end in that zone.
    const local = await callEmulator(emulator, 'GET', `${base}/events/${String(created.body.id)}`, {
      headers: { prefer: 'outlook.timezone="Pacific Standard Time"' },
    });
    expect(local.body.start).toEqual({ dateTime: '2026-03-10T01:00:00.0000000', timeZone: 'Pacific Standard Time' });
  });

  it('answers the first event again for a repeated transactionId, without a second invitation', async () => {
    const before = emulator.control.messages(GUEST, 'inbox').length;
    const first = await callEmulator(emulator, 'POST', `${base}/events`, { body: meeting({ transactionId: 'tx-1' }) });
    const again = await callEmulator(emulator, 'POST', `${base}/events`, {
      body: meeting({ transactionId: 'tx-1', subject: 'Retried' }),
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body).toMatchObject({ subject: 'Kick-off', transactionId: 'tx-1' });
    expect(emulator.control.messages(GUEST, 'inbox')).toHaveLength(before + 1);
  });

  it('refuses a missing start, a range that ends before it starts and an unknown time zone', async () => {
    const missing = await callEmulator(emulator, 'POST', `${base}/events`, { body: meeting({ start: undefined }) });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: { code: 'ErrorInvalidRequest', message: expect.stringMatching(/Start/) },
    });
    const backwards = await callEmulator(emulator, 'POST', `${base}/events`, {
      body: meeting({ end: { dateTime: '2026-03-10T08:00:00', timeZone: 'W. Europe Standard Time' } }),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ error: { code: 'ErrorPropertyValidationFailure' } });
    const zone = await callEmulator(emulator, 'POST', `${base}/events`, {
      body: meeting({ start: { dateTime: '2026-03-10T08:00:00', timeZone: 'Mars/Olympus' } }),
    });
    expect(zone.body).toMatchObject({ error: { code: 'TimeZoneNotSupportedException' } });
  });

  it('pages calendarView over overlapping events and needs its time window', async () => {
    const box = 'pager@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 0 });
    for (let day = 1; day <= 5; day += 1)
      await callEmulator(emulator, 'POST', `/v1.0/users/${box}/events`, {
        body: meeting({
          subject: `Day ${day}`,
          attendees: [],
          start: { dateTime: `2026-04-0${day}T10:00:00`, timeZone: 'UTC' },
          end: { dateTime: `2026-04-0${day}T11:00:00`, timeZone: 'UTC' },
        }),
      });
    const subjects: string[] = [];
    let next: string | undefined =
      `/v1.0/users/${box}/calendarView?startDateTime=2026-04-01T10:30:00Z&endDateTime=2026-04-04T10:00:00Z`;
    let pages = 0;
    while (next) {
      const page = await callEmulator(emulator, 'GET', next, { headers: { prefer: 'odata.maxpagesize=2' } });
      pages += 1;
      subjects.push(...(page.body.value as { subject: string }[]).map((e) => e.subject));
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(subjects).toEqual(['Day 1', 'Day 2', 'Day 3']);
    expect(pages).toBe(2);
    const noWindow = await callEmulator(emulator, 'GET', `/v1.0/users/${box}/calendarView`);
    expect(noWindow.body).toMatchObject({ error: { code: 'ErrorInvalidParameter' } });
  });

  it('cancels with a comment to attendees, deletes, and throttles calendar routes like mail routes', async () => {
    const created = await callEmulator(emulator, 'POST', `${base}/events`, { body: meeting({ subject: 'Sync' }) });
    const id = String(created.body.id);
    const cancelled = await callEmulator(emulator, 'POST', `${base}/events/${id}/cancel`, {
      body: { comment: 'Moved to next week' },
    });
    expect(cancelled.status).toBe(202);
    expect(emulator.control.messages(GUEST, 'inbox').at(-1)).toMatchObject({
      subject: 'Canceled: Sync',
      meetingMessageType: 'meetingCancelled',
      body: { content: 'Moved to next week' },
    });
    expect((await callEmulator(emulator, 'GET', `${base}/events/${id}`)).status).toBe(404);
    const other = await callEmulator(emulator, 'POST', `${base}/events`, { body: meeting({ attendees: [] }) });
    expect((await callEmulator(emulator, 'DELETE', `${base}/events/${String(other.body.id)}`)).status).toBe(204);
    emulator.control.injectFault(ORGANIZER, { kind: 'throttle', count: 1, retryAfterSeconds: 3 });
    const throttled = await callEmulator(emulator, 'POST', `${base}/events`, { body: meeting() });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
  });

  it('keeps events across a restart from the state file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-calendar-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startGraphEmulator({ stateFile });
      first.control.seedMailbox({ address: ORGANIZER, messages: 0 });
      const created = await callEmulator(first, 'POST', `${base}/events`, {
        body: meeting({ attendees: [], transactionId: 'kept' }),
      });
      await first.close();
      const second = await startGraphEmulator({ stateFile });
      try {
        const read = await callEmulator(second, 'GET', `${base}/events/${String(created.body.id)}`);
        expect(read.body).toMatchObject({ subject: 'Kick-off', transactionId: 'kept' });
        const again = await callEmulator(second, 'POST', `${base}/events`, {
          body: meeting({ transactionId: 'kept' }),
        });
        expect(again.body.id).toBe(created.body.id);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
