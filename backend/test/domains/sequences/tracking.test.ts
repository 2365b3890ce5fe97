import { eventPayloads, type EventName } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingMailer } from '#domains/sequences/ports';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, createTemplate, expectCall, runAt } from './helpers';

let t: TestApp;
let acme: TestTenant;
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  await createMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id);
});
afterAll(async () => t?.close());

describe('sequence email tracking', () => {
  it('tracks opens and clicks through signed links, flags bots, and redirects only where the email pointed', async () => {
    const db = t.db.ownerKnex;
    const tpl = await createTemplate(db, acme.id, 'tpl_track');
    await db('templates')
      .where({ id: tpl.id })
      .update({ body: '<p>See <a href="https://example.com/deck?a=1&amp;b=2">the deck</a></p>' });
    const seq = (
      await expectCall(
        t,
        'sequence.create',
        {
          name: 'Tracked',
          goal: 'reply',
          steps: [{ type: 'email', mode: 'auto', templateId: tpl.id }],
          sendWindow: always(),
          cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
        },
        acme.users.admin.token,
      )
    ).data.id;
    const contact = await createContact(db, acme.id);
    const sentAt = new Date(Date.now() - 60_000);
    await expectCall(
      t,
      'sequence.enroll',
      {
        sequenceId: seq,
        targets: [{ contactId: contact.id }],
        ownerId: acme.users.salesRep.id,
        startAt: sentAt.toISOString(),
      },
      acme.users.admin.token,
    );
    const mailer = createRecordingMailer();
    await runAt(db, acme.id, sentAt, { mailer });
    await new Promise((r) => setTimeout(r, 10));
    const html = mailer.committed[0]!.bodyHtml;
    const pixel = /<img src="([^"]+)"/.exec(html)![1]!;
    const click = /href="([^"]+\/t\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(pixel.startsWith('https://pivotal.test/t/')).toBe(true);
    expect(html).not.toContain('href="https://example.com');
    const local = (url: string) => url.replace('https://pivotal.test', t.baseUrl);

    const open = await fetch(local(pixel), { headers: { 'user-agent': CHROME } });
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toBe('image/gif');
    const scanner = await fetch(local(click), {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel)' },
      redirect: 'manual',
    });
    expect(scanner.status).toBe(302);
    expect(scanner.headers.get('location')).toBe('https://example.com/deck?a=1&b=2');
    const person = await fetch(local(click), { headers: { 'user-agent': CHROME }, redirect: 'manual' });
    expect(person.headers.get('location')).toBe('https://example.com/deck?a=1&b=2');

    // A token whose URL was changed no longer verifies: no open redirect.
    const [payload, sig] = click.split('/t/')[1]!.split('.');
    const claim = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as unknown[];
    claim[2] = 'https://evil.example/';
    const forged = `${t.baseUrl}/t/${Buffer.from(JSON.stringify(claim)).toString('base64url')}.${sig}`;
    expect((await fetch(forged, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/t/garbage`)).status).toBe(404);

    const hits = (await db('sequenceSendEvents')
      .where({ tenantId: acme.id, sequenceId: seq })
      .orderBy('occurredAt')
      .select('kind', 'isBot', 'url')) as { kind: string; isBot: boolean; url: string | null }[];
    expect(hits.map((h) => [h.kind, h.isBot])).toEqual([
      ['open', false],
      ['click', true],
      ['click', false],
    ]);
    const { data } = await expectCall(t, 'sequence.metrics.get', { sequenceId: seq }, acme.users.admin.token);
    expect(data.steps[0]).toMatchObject({ sent: 1, humanOpens: 1, humanClicks: 1 });
  });

  it('writes only events whose payloads match the contract', async () => {
    const events = (await t.db.ownerKnex('events').where({ tenantId: acme.id }).select('name', 'payload')) as {
      name: EventName;
      payload: unknown;
    }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(eventPayloads[e.name].safeParse(e.payload).error?.issues ?? []).toEqual([]);
  });
});
