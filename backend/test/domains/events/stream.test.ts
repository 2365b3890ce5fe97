import { EventEnvelope } from '@pivotal-pm/sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { OUTBOX_START } from '#domains/events/outbox';
import { createEventHub } from '#domains/events/stream/hub';
import { openSubscription } from '#domains/events/stream/subscription';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { cursorText, emitEvents, interleavedCommits, mailSynced, stageChanged, taskCreated } from './helpers';
import { openSse } from './sse';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GET /v1/events/stream', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let url: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    t = await createTestApp();
    [acme, globex] = await Promise.all([t.tenant(), t.tenant()]);
    url = `${t.baseUrl}/v1/events/stream`;
  });
  afterAll(async () => t?.close());

  it('streams a new event of the tenant within 2 s as an id/event/data frame', async () => {
    await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]); // before connecting: not replayed
    const sse = await openSse(url, auth(acme.users.admin.token));
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(sse.comments).toContain('connected');
      const started = Date.now();
      const [emitted] = await emitEvents(t.db.ownerKnex, acme.id, [stageChanged()]);
      const [frame] = await sse.waitFor(1, 2_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(frame).toMatchObject({ id: emitted!.cursor, event: 'opportunity.stageChanged' });
      const envelope = EventEnvelope.parse(JSON.parse(frame!.data));
      expect(envelope).toMatchObject({ cursor: emitted!.cursor, tenantId: acme.id, name: 'opportunity.stageChanged' });
    } finally {
      sse.close();
    }
  });

  it("never sends another tenant's events", async () => {
    const sse = await openSse(url, auth(acme.users.admin.token));
    try {
      await emitEvents(t.db.ownerKnex, globex.id, [taskCreated(), stageChanged()]);
      const [mine] = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]);
      await sse.waitFor(1);
      await sleep(2_300); // one fallback poll later
      expect(sse.events.map((e) => e.id)).toEqual([mine!.cursor]);
      expect(sse.events.every((e) => JSON.parse(e.data).tenantId === acme.id)).toBe(true);
    } finally {
      sse.close();
    }
  });

  const ticketFor = async (token: string): Promise<string> => {
    const res = await fetch(`${url}/ticket`, { method: 'POST', headers: auth(token) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { ticket: string } }).data.ticket;
  };

  it("gives a client viewer (one-time ticket in the query) only its client's events; a rep everything but mail", async () => {
    const viewer = await openSse(`${url}?ticket=${encodeURIComponent(await ticketFor(acme.users.clientViewer.token))}`);
    const rep = await openSse(url, auth(acme.users.salesRep.token));
    try {
      const sent = await emitEvents(t.db.ownerKnex, acme.id, [
        stageChanged(null),
        stageChanged(uuidv7()),
        mailSynced(),
        stageChanged(acme.clientId),
        taskCreated(acme.clientId),
      ]);
      await viewer.waitFor(2);
      await rep.waitFor(4);
      await sleep(300);
      expect(viewer.events.map((e) => e.id)).toEqual([sent[3], sent[4]].map((e) => e!.cursor));
      expect(viewer.events.every((e) => JSON.parse(e.data).clientId === acme.clientId)).toBe(true);
      expect(rep.events.map((e) => e.id)).toEqual([sent[0], sent[1], sent[3], sent[4]].map((e) => e!.cursor));
    } finally {
      viewer.close();
      rep.close();
    }
  });

  it('resumes after Last-Event-ID (or ?after=) with exactly the missed events, in order', async () => {
    const first = await openSse(url, auth(acme.users.analyst.token));
    const [seen] = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated()]);
    const [frame] = await first.waitFor(1);
    expect(frame!.id).toBe(seen!.cursor);
    first.close();
    const missed = await emitEvents(t.db.ownerKnex, acme.id, [taskCreated(), stageChanged(), taskCreated()]);
    const again = await openSse(url, { ...auth(acme.users.analyst.token), 'last-event-id': frame!.id! });
    const byAfter = await openSse(
      `${url}?after=${encodeURIComponent(frame!.id!)}&names=task.created`,
      auth(acme.users.analyst.token),
    );
    try {
      await again.waitFor(3);
      await byAfter.waitFor(2);
      await sleep(300);
      expect(again.events.map((e) => e.id)).toEqual(missed.map((e) => e.cursor));
      expect(again.events.map((e) => e.event)).toEqual(['task.created', 'opportunity.stageChanged', 'task.created']);
      expect(byAfter.events.map((e) => e.id)).toEqual([missed[0], missed[2]].map((e) => e!.cursor));
    } finally {
      again.close();
      byAfter.close();
    }
  });

  it('still delivers an event whose commit sent no notification (fallback poll)', async () => {
    const sse = await openSse(url, auth(acme.users.admin.token));
    try {
      const row = await t.db.ownerKnex.transaction(async (trx) => {
        await trx.raw(`select set_config('app.tenant_id', ?, true)`, [acme.id]);
        const [inserted] = await trx('events')
          .insert({
            tenantId: acme.id,
            id: uuidv7(),
            name: 'task.created',
            payload: JSON.stringify(taskCreated().data),
          })
          .returning(['seq', 'txId']);
        return inserted as { seq: number; txId: string };
      });
      const [frame] = await sse.waitFor(1, 3_500);
      expect(frame!.id).toBe(cursorText(row));
    } finally {
      sse.close();
    }
  });

  it("sends an older transaction's event first and still sends the lower seq that commits after it", async () => {
    const live = await openSse(url, auth(acme.users.admin.token));
    const { v, r, commitR, release } = await interleavedCommits(t.db.ownerKnex, acme.id);
    try {
      expect(r.seq).toBeLessThan(v.seq);
      const [first] = await live.waitFor(1, 5_000);
      expect(first!.id).toBe(v.cursor);
      // Resuming from V's cursor while R is open: nothing yet, R's event once it commits.
      const resumed = await openSse(url, { ...auth(acme.users.admin.token), 'last-event-id': v.cursor });
      try {
        await sleep(300);
        expect(resumed.events).toEqual([]);
        await commitR();
        await Promise.all([live.waitFor(2, 5_000), resumed.waitFor(1, 5_000)]);
        await sleep(300);
        expect(live.events.map((e) => e.id)).toEqual([v.cursor, r.cursor]);
        expect(resumed.events.map((e) => e.id)).toEqual([r.cursor]);
      } finally {
        resumed.close();
      }
    } finally {
      await release();
      live.close();
    }
  });

  it("opens a stream once per ticket, never with a bearer token in the URL, another tenant's id or a late ticket", async () => {
    const ticket = await ticketFor(acme.users.salesRep.token);
    expect(ticket).not.toContain(acme.users.salesRep.token);
    const first = await openSse(`${url}?ticket=${encodeURIComponent(ticket)}`);
    try {
      expect(first.status).toBe(200);
      expect((await fetch(`${url}?ticket=${encodeURIComponent(ticket)}`)).status).toBe(401);
    } finally {
      first.close();
    }
    // A forged secret, a ticket moved to another tenant, a token in the URL: 401.
    const other = await ticketFor(acme.users.salesRep.token);
    const [head, id, secret] = other.split('.') as [string, string, string];
    const forged = `${head}.${id}.${secret.slice(0, -2)}${secret.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await fetch(`${url}?ticket=${encodeURIComponent(forged)}`)).status).toBe(401);
    expect((await fetch(`${url}?ticket=${encodeURIComponent(`pst_${globex.id}.${id}.${secret}`)}`)).status).toBe(401);
    const inUrl = await fetch(`${url}?access_token=${encodeURIComponent(acme.users.salesRep.token)}`);
    expect(inUrl.status).toBe(401);
    expect((await inUrl.json()).error.message).toMatch(/ticket/);
    // The genuine one still works after those attempts; one that waited past its minute does not.
    const ok = await openSse(`${url}?ticket=${encodeURIComponent(other)}`);
    ok.close();
    expect(ok.status).toBe(200);
    const late = await ticketFor(acme.users.salesRep.token);
    await t.db.ownerKnex('eventStreamTickets').update({ expiresAt: new Date(Date.now() - 1000) });
    expect((await fetch(`${url}?ticket=${encodeURIComponent(late)}`)).status).toBe(401);
    // Minting needs a valid bearer token, and stores only the secret's hash.
    expect((await fetch(`${url}/ticket`, { method: 'POST' })).status).toBe(401);
    const stored = await t.db.ownerKnex('eventStreamTickets').select('secretHash');
    expect(JSON.stringify(stored)).not.toContain(late.split('.')[2]);
  });

  it('answers 401 without a valid token and 400 naming a bad parameter', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}?ticket=nope`)).status).toBe(401);
    for (const [query, headers, field] of [
      ['?names=task.created,task.exploded', {}, 'names'],
      ['?after=abc', {}, 'after'],
      ['', { 'last-event-id': 'x1' }, 'Last-Event-ID'],
      ['', { 'last-event-id': '42' }, 'Last-Event-ID'],
    ] as const) {
      const res = await fetch(`${url}${query}`, { headers: { ...auth(acme.users.admin.token), ...headers } });
      expect(res.status, field).toBe(400);
      const body = await res.json();
      expect(body.error.details.issues[0].path).toBe(field);
    }
  });

  it('answers 403 when none of the asked names may be read by the role', async () => {
    const res = await fetch(`${url}?names=mail.synced`, { headers: auth(acme.users.salesRep.token) });
    expect(res.status).toBe(403);
  });
});

describe('event stream lifecycle', () => {
  it('heartbeats, unsubscribes when the client goes, and ends every stream when the app closes', async () => {
    const t = await createTestApp();
    const acme = await t.tenant();
    const hub = createEventHub({ knex: t.db.appKnex, connection: t.db.appUrl, log: pino({ level: 'silent' }) });
    const principal = {
      kind: 'user' as const,
      tenantId: acme.id,
      userId: acme.users.admin.id,
      roles: ['admin' as const],
      clientIds: null,
      actor: 'user:x',
    };
    const sub = openSubscription({
      hub,
      knex: t.db.appKnex,
      log: pino({ level: 'silent' }),
      principal,
      names: undefined,
      after: OUTBOX_START,
      heartbeatMs: 30,
    });
    let text = '';
    sub.body.on('data', (c: Buffer) => (text += c.toString()));
    await sleep(120);
    expect(text).toContain(': ping\n\n');
    expect(hub.size()).toBe(1);
    sub.body.destroy();
    await sleep(10);
    expect(hub.size()).toBe(0);
    await hub.close();

    const sse = await openSse(`${t.baseUrl}/v1/events/stream`, { authorization: `Bearer ${acme.users.admin.token}` });
    let ended = false;
    void sse.ended.then(() => (ended = true));
    await t.close();
    await Promise.race([sse.ended, sleep(2_000)]);
    expect(ended).toBe(true);
  });
});
