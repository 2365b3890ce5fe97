import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTERED_DELTA_CAP } from './delta';
import { type GraphEmulator, startGraphEmulator } from './server';
import { callEmulator, deltaRound } from './testClient';

const IMMUTABLE = 'IdType="ImmutableId"';

describe('graph emulator: messages delta', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => {
    emulator = await startGraphEmulator();
  });
  afterAll(() => emulator.close());

  it('pages the initial round by maxpagesize and ends in a deltaLink, then returns only changes', async () => {
    const box = 'delta@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 0 });
    for (let i = 0; i < 12; i += 1)
      emulator.control.deliver(box, {
        subject: `m${i}`,
        receivedDateTime: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      });
    const start = `/v1.0/users/${box}/mailFolders/inbox/messages/delta?$select=subject,isRead,internetMessageId,conversationId`;
    const first = await deltaRound(emulator, start, { prefer: `odata.maxpagesize=5, ${IMMUTABLE}` });
    expect(first.pages).toBe(3);
    expect(first.items).toHaveLength(12);
    expect(first.items[0]).toMatchObject({ subject: 'm11' });
    expect(Object.keys(first.items[0] ?? {}).sort()).toEqual([
      '@odata.etag',
      'conversationId',
      'id',
      'internetMessageId',
      'isRead',
      'subject',
    ]);

    const [gone, read] = emulator.control.messages(box, 'inbox');
    emulator.control.deleteMessage(box, gone?.id ?? '');
    const patched = await callEmulator(emulator, 'PATCH', `/v1.0/users/${box}/messages/${read?.id}`, {
      body: { isRead: true },
      headers: { prefer: IMMUTABLE },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: read?.id, isRead: true });
    const added = emulator.control.deliver(box, { subject: 'new one' });

    const second = await deltaRound(emulator, first.deltaLink, { prefer: IMMUTABLE });
    expect(second.items).toEqual([
      expect.objectContaining({ id: gone?.id, '@removed': { reason: 'deleted' } }),
      expect.objectContaining({ id: read?.id, isRead: true }),
      expect.objectContaining({ id: added.id, subject: 'new one' }),
    ]);
    // The token kept $select across rounds.
    expect(second.items[2]).not.toHaveProperty('body');
    const third = await deltaRound(emulator, second.deltaLink, { prefer: IMMUTABLE });
    expect(third.items).toEqual([]);
  });

  it('limits a round to changeType=created', async () => {
    const box = 'created@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 3, days: 2 });
    const first = await deltaRound(emulator, `/v1.0/users/${box}/mailFolders/inbox/messages/delta?changeType=created`);
    const [existing] = emulator.control.messages(box, 'inbox');
    await callEmulator(emulator, 'PATCH', `/v1.0/users/${box}/messages/${existing?.id}`, {
      body: { flag: { flagStatus: 'flagged' } },
    });
    const fresh = emulator.control.deliver(box, { subject: 'created only' });
    const second = await deltaRound(emulator, first.deltaLink, { prefer: IMMUTABLE });
    expect(second.items.map((item) => item.id)).toEqual([fresh.id]);
  });

  it('caps the initial round at 5,000 messages with a receivedDateTime filter, newest first', async () => {
    const box = 'big@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 0 });
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < FILTERED_DELTA_CAP + 200; i += 1)
      emulator.control.deliver(box, { subject: `n${i}`, receivedDateTime: new Date(base + i * 60_000).toISOString() });
    const filter = encodeURIComponent('receivedDateTime ge 2025-12-01T00:00:00Z');
    const round = await deltaRound(
      emulator,
      `/v1.0/users/${box}/mailFolders/inbox/messages/delta?$select=subject&$filter=${filter}`,
      { prefer: 'odata.maxpagesize=1000' },
    );
    expect(round.items).toHaveLength(FILTERED_DELTA_CAP);
    expect(round.items[0]).toMatchObject({ subject: `n${FILTERED_DELTA_CAP + 199}` });
    const unfiltered = await deltaRound(
      emulator,
      `/v1.0/users/${box}/mailFolders/inbox/messages/delta?$select=subject`,
      { prefer: 'odata.maxpagesize=1000' },
    );
    expect(unfiltered.items).toHaveLength(FILTERED_DELTA_CAP + 200);
    const bad = await callEmulator(
      emulator,
      'GET',
      `/v1.0/users/${box}/mailFolders/inbox/messages/delta?$filter=${encodeURIComponent("subject eq 'x'")}`,
    );
    expect(bad.status).toBe(400);
  });

  it('answers 410 syncStateNotFound on demand and for a foreign token', async () => {
    const box = 'gone@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 4 });
    const first = await deltaRound(emulator, `/v1.0/users/${box}/mailFolders/inbox/messages/delta`);
    emulator.control.injectFault(box, { kind: 'syncStateNotFound' });
    const gone = await callEmulator(emulator, 'GET', first.deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ error: { code: 'syncStateNotFound' } });
    expect((await callEmulator(emulator, 'GET', first.deltaLink)).status).toBe(200);
    const junk = await callEmulator(
      emulator,
      'GET',
      `/v1.0/users/${box}/mailFolders/inbox/messages/delta?$deltatoken=bm90LW91cnM`,
    );
    expect(junk.status).toBe(410);
  });

  it('keeps the immutable id on move (201): @removed in the old folder, added in the new', async () => {
    const box = 'move@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 5, folders: ['Clients'] });
    const inbox = await deltaRound(emulator, `/v1.0/users/${box}/mailFolders/inbox/messages/delta`, {
      prefer: IMMUTABLE,
    });
    const clients = emulator.control.folderId(box, 'Clients');
    const target = await deltaRound(emulator, `/v1.0/users/${box}/mailFolders/${clients}/messages/delta`, {
      prefer: IMMUTABLE,
    });
    expect(target.items).toEqual([]);
    const [message] = emulator.control.messages(box, 'inbox');
    const moved = await callEmulator(emulator, 'POST', `/v1.0/users/${box}/messages/${message?.id}/move`, {
      body: { destinationId: clients },
      headers: { prefer: IMMUTABLE },
    });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ id: message?.id, parentFolderId: clients });
    expect((await deltaRound(emulator, inbox.deltaLink, { prefer: IMMUTABLE })).items).toEqual([
      { '@odata.type': '#microsoft.graph.message', id: message?.id, '@removed': { reason: 'deleted' } },
    ]);
    expect((await deltaRound(emulator, target.deltaLink, { prefer: IMMUTABLE })).items).toEqual([
      expect.objectContaining({ id: message?.id }),
    ]);
  });

  it('replays already-delivered items when asked, and lists folders with their own delta', async () => {
    const box = 'replay@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 6 });
    const first = await deltaRound(emulator, `/v1.0/users/${box}/mailFolders/inbox/messages/delta`, {
      prefer: IMMUTABLE,
    });
    emulator.control.injectFault(box, { kind: 'replay', items: 2 });
    const replayed = await deltaRound(emulator, first.deltaLink, { prefer: IMMUTABLE });
    expect(replayed.items).toHaveLength(2);
    expect(first.items.map((item) => item.id)).toEqual(expect.arrayContaining(replayed.items.map((item) => item.id)));

    const folders = await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders/delta`);
    expect((folders.body.value as { displayName: string }[]).map((f) => f.displayName)).toEqual(
      expect.arrayContaining(['Inbox', 'Sent Items', 'Archive', 'Drafts', 'Deleted Items']),
    );
    await callEmulator(emulator, 'POST', `/v1.0/users/${box}/mailFolders`, { body: { displayName: 'Deals' } });
    const later = await callEmulator(emulator, 'GET', folders.body['@odata.deltaLink'] as string);
    expect(later.body.value).toEqual([expect.objectContaining({ displayName: 'Deals' })]);
  });
});
