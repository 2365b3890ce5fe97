import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from '../emulator/server';
import type { MailboxRef } from '../mailboxAccess';
import { emulatorMailboxAccess } from './emulatorMailboxAccess';
import { GraphRequestError, isSyncStateGone } from './errors';
import { type GraphMailAdapter, createGraphMailAdapter } from './graphMailAdapter';
import type { TransportEvent } from './graphTransport';

const BOX = 'adapter@agency.example';
const ref: MailboxRef = { tenantId: 't1', mailboxId: 'm1', address: BOX };

describe('graph mail adapter against the emulator', () => {
  let emulator: GraphEmulator;
  let adapter: GraphMailAdapter;
  let events: TransportEvent[];
  const sleeps: number[] = [];
  const defaults = getCACertificates('default');

  beforeAll(async () => {
    emulator = await startGraphEmulator();
    setDefaultCACertificates([...defaults, emulator.caPem]);
    emulator.control.seedMailbox({ address: BOX, messages: 60, days: 90, folders: ['Clients'] });
  });
  afterAll(async () => {
    setDefaultCACertificates(defaults);
    await emulator.close();
  });
  beforeEach(() => {
    events = [];
    sleeps.length = 0;
    adapter = createGraphMailAdapter({
      baseUrl: emulator.url,
      access: emulatorMailboxAccess(emulator),
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      observe: (event) => events.push(event),
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
      },
    });
  });

  it('lists folders and follows a filtered delta round with immutable ids to its deltaLink', async () => {
    const folders = await adapter.listFolders(ref);
    expect(folders.map((f) => f.displayName)).toEqual(
      expect.arrayContaining(['Inbox', 'Sent Items', 'Archive', 'Clients']),
    );
    const inbox = emulator.control.folderId(BOX, 'inbox');
    const since = new Date(Date.now() - 90 * 86_400_000);
    let page = await adapter.messageDelta(ref, { folderId: inbox, receivedSince: since, pageSize: 7 });
    const ids = [...page.items.map((m) => m.id)];
    expect(page.items.length).toBeLessThanOrEqual(7);
    expect(page.items[0]).toHaveProperty('conversationId');
    expect(page.items[0]).not.toHaveProperty('body');
    while (page.nextLink) {
      page = await adapter.messageDelta(ref, { link: page.nextLink, pageSize: 7 });
      ids.push(...page.items.map((m) => m.id));
    }
    expect(page.deltaLink).toMatch(/deltatoken=/);
    expect(new Set(ids)).toEqual(new Set(emulator.control.messages(BOX, 'inbox').map((m) => m.id)));
    // Changes after the round arrive on the deltaLink, removals as ids.
    const [first] = emulator.control.messages(BOX, 'inbox');
    emulator.control.deleteMessage(BOX, first?.id ?? '');
    const next = await adapter.messageDelta(ref, { link: page.deltaLink ?? '' });
    expect(next.removed).toEqual([first?.id]);
    const prefer = emulator.control.requests().filter((r) => r.path.includes('/messages/delta'));
    expect(prefer.length).toBeGreaterThan(1);
  });

  it('gets a message with body and headers, patches, moves (same immutable id), and sends a reply draft', async () => {
    const [message] = emulator.control.messages(BOX, 'inbox');
    const id = message?.id ?? '';
    const full = await adapter.getMessage(ref, id);
    expect(full.body?.content).toBeTruthy();
    expect(Array.isArray(full.internetMessageHeaders)).toBe(true);
    expect(
      (await adapter.patchMessage(ref, id, { isRead: true, flag: { flagStatus: 'flagged' } })).flag?.flagStatus,
    ).toBe('flagged');
    const moved = await adapter.moveMessage(ref, id, emulator.control.folderId(BOX, 'archive'));
    expect(moved.id).toBe(id);
    const draft = await adapter.createReplyDraft(ref, id, 'Thanks!');
    expect(draft.isDraft).toBe(true);
    await adapter.sendDraft(ref, draft.id);
    expect(emulator.control.sent().at(-1)?.message.subject).toMatch(/^RE:/);
    const fresh = await adapter.createDraft(ref, {
      subject: 'Hello',
      toRecipients: [{ emailAddress: { address: 'x@contoso.example' } }],
    });
    expect(fresh.subject).toBe('Hello');
  });

  it('honours Retry-After through a 429 storm and retries 503s', async () => {
    emulator.control.injectFault(BOX, { kind: 'throttle', count: 3, retryAfterSeconds: 2 });
    expect((await adapter.listFolders(ref)).length).toBeGreaterThan(0);
    const retries = events.filter((e) => e.kind === 'retry');
    expect(retries.map((e) => e.kind === 'retry' && e.status)).toEqual([429, 429, 429]);
    for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(2_000);
    sleeps.length = 0;
    emulator.control.injectFault(BOX, { kind: 'unavailable', count: 2, status: 503 });
    expect((await adapter.listFolders(ref)).length).toBeGreaterThan(0);
    expect(sleeps).toHaveLength(2);
    // Exponential backoff without Retry-After: the second wait's ceiling is twice the first's.
    expect(sleeps[0]).toBeLessThanOrEqual(20);
    expect(sleeps[1]).toBeLessThanOrEqual(40);
  });

  it('gives up after the bounded attempts with the last status', async () => {
    emulator.control.injectFault(BOX, { kind: 'unavailable', count: 20, status: 504 });
    const failed = await adapter.listFolders(ref).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GraphRequestError);
    expect(failed).toMatchObject({ status: 504, attempts: 8 });
    emulator.control.injectFault(BOX, { kind: 'unavailable', count: 0, status: 503 });
  });

  it('keeps at most 4 requests in flight per mailbox, so the emulator never answers 429 for concurrency', async () => {
    emulator.control.injectFault(BOX, { kind: 'latency', ms: 60 });
    const before = emulator.control.requests().length;
    await Promise.all(Array.from({ length: 20 }, () => adapter.listFolders(ref)));
    emulator.control.injectFault(BOX, { kind: 'latency', ms: 0 });
    const peak = Math.max(
      ...events.filter((e) => e.kind === 'start').map((e) => (e.kind === 'start' ? e.inFlight : 0)),
    );
    expect(peak).toBe(4);
    const seen = emulator.control.requests().slice(before);
    expect(seen.filter((r) => r.status === 429)).toHaveLength(0);
    expect(seen).toHaveLength(20);
  });

  it('surfaces 410 syncStateNotFound as a restartable failure without retrying it', async () => {
    emulator.control.injectFault(BOX, { kind: 'syncStateNotFound' });
    const failed = await adapter
      .messageDelta(ref, { folderId: emulator.control.folderId(BOX, 'inbox') })
      .catch((error: unknown) => error);
    expect(isSyncStateGone(failed)).toBe(true);
    expect(events.filter((e) => e.kind === 'retry')).toHaveLength(0);
  });
});
