import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { sendOutboxMail } from '#domains/mail/send/sender';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { startWorkers } from '#workers/index';
import { syncDeps } from './mailHarness';
import {
  ANA,
  anaId,
  delivered,
  deps,
  direct,
  enqueue,
  mail,
  mailboxId,
  opportunityId,
  outbox,
  rep,
  scope,
  t,
  templateId,
  tenant,
  useSendFixture,
} from './sendFixture';

describe('mail.message.send and the send_mail worker', () => {
  useSendFixture();

  it('acknowledges from the outbox at once, then the worker sends it by draft + send: merge tags, attachment, index row, mail.sent', async () => {
    const attachment = {
      name: 'quote.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('total 1000 EUR').toString('base64'),
    };
    const res = await t.call(
      'mail.message.send',
      { to: [ANA], templateId, opportunityId, attachments: [attachment] },
      rep().token,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'queued', messageId: null, sendAt: null });
    const id = res.body.data.scheduledSendId as string;
    const queued = await outbox(id);
    expect(queued).toMatchObject({
      status: 'queued',
      subject: 'Hi Ana',
      origin: 'manual',
      contactIds: [anaId],
      opportunityId,
    });
    // The body and attachment are sealed at rest.
    expect(Buffer.from(queued.contentSealed).toString('utf8')).not.toContain('Website rebuild');
    expect(mail.emulator.control.messages(ANA, 'inbox')).toHaveLength(0);

    const outcome = await sendOutboxMail(deps(), tenant.id, id);
    expect(outcome).toMatchObject({ kind: 'sent', alreadySent: false });
    const copies = delivered(ANA, queued.sendKey);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ subject: 'Hi Ana', hasAttachments: true });
    expect(copies[0]!.body.content).toBe('<p>About Website rebuild, Ana.</p>');
    expect(copies[0]!.attachments?.[0]).toMatchObject({ name: 'quote.txt', size: 14 });
    const sent = await outbox(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, contentSealed: null, lastError: null });
    const row = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, id: sent.messageId }).first(),
    );
    expect(row).toMatchObject({
      folder: 'sent',
      direction: 'out',
      subject: 'Hi Ana',
      opportunityId,
      externalId: sent.externalId,
    });
    const events = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('events').where({ tenantId: tenant.id, name: 'mail.sent' }).select('payload'),
    );
    expect(events.map((e: { payload: unknown }) => e.payload)).toContainEqual({
      userId: rep().id,
      contactIds: [anaId],
      opportunityId,
      enrollmentId: null,
      aiDraftId: null,
    });
    const logged = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('events').where({ tenantId: tenant.id, name: 'engagement.logged' }).select('payload'),
    );
    expect(logged.map((e: { payload: unknown }) => e.payload)).toContainEqual(
      expect.objectContaining({
        type: 'email_out',
        channel: 'email',
        contactId: anaId,
        opportunityId,
        actorId: rep().id,
        isBot: false,
      }),
    );
    // Sync later sees the same Sent Items message and updates that row instead of adding one.
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const rows = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, externalId: sent.externalId }).select('id'),
    );
    expect(rows).toEqual([{ id: sent.messageId }]);
    // A second run after success does nothing.
    expect(await sendOutboxMail(deps(), tenant.id, id)).toEqual({ kind: 'skipped', status: 'sent' });
    expect(delivered(ANA, queued.sendKey)).toHaveLength(1);
  }, 60_000);

  it('tracks opens and clicks of a manual send that asks for it: human hits apart from scanners, shown on mail.message.get without the pixel', async () => {
    const CHROME =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
    const body = {
      contentType: 'html',
      content: '<p>See <a href="https://agency.example/case?x=1&amp;y=2">our case study</a></p>',
    };
    const res = await t.call(
      'mail.message.send',
      { to: [ANA], subject: 'Tracked', body, tracking: { opens: true, clicks: true } },
      rep().token,
    );
    expect(res.status).toBe(200);
    const id = res.body.data.scheduledSendId as string;
    await sendOutboxMail(deps(), tenant.id, id);
    const sent = await outbox(id);
    const [copy] = delivered(ANA, sent.sendKey);
    const html = copy!.body.content;
    const publicUrl = t.config.publicUrl.replace(/\/$/, '');
    const pixel = /<img src="([^"]+)"/.exec(html)![1]!;
    const click = /href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(pixel.startsWith(`${publicUrl}/t/`)).toBe(true);
    expect(click.startsWith(`${publicUrl}/t/`)).toBe(true);
    const local = (url: string) => url.replace(publicUrl, t.baseUrl);

    // A scanner opening on delivery, then the person (a minute later) opening and clicking.
    expect((await fetch(local(pixel), { headers: { 'user-agent': CHROME } })).status).toBe(200);
    await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('mailOutbox')
        .where({ tenantId: tenant.id, id })
        .update({ sentAt: new Date(Date.now() - 60_000) }),
    );
    const opened = await fetch(local(pixel), { headers: { 'user-agent': CHROME } });
    expect(opened.headers.get('content-type')).toBe('image/gif');
    const clicked = await fetch(local(click), { headers: { 'user-agent': CHROME }, redirect: 'manual' });
    expect(clicked.status).toBe(302);
    expect(clicked.headers.get('location')).toBe('https://agency.example/case?x=1&y=2');

    const got = await t.call('mail.message.get', { id: sent.messageId }, rep().token);
    expect(got.status).toBe(200);
    expect(got.body.data.tracking).toMatchObject({ opens: { human: 1, total: 2 }, clicks: { human: 1, total: 1 } });
    expect(Date.parse(got.body.data.tracking.lastOpenedAt)).toBeGreaterThan(0);
    // The sender reading the sent copy in Pivotal does not fetch the pixel; the tracked link stays a link.
    expect(got.body.data.body.content).not.toContain('<img');
    expect(got.body.data.body.content).toContain(`${publicUrl}/t/`);
    // Cached bodies answer the same.
    expect((await t.call('mail.message.get', { id: sent.messageId }, rep().token)).body.data.tracking.opens.total).toBe(
      2,
    );

    // Only what was asked is tracked: an opens-only send has the pixel and its links untouched.
    const opensOnly = await t.call(
      'mail.message.send',
      { to: [ANA], subject: 'Opens only', body, tracking: { opens: true, clicks: false } },
      rep().token,
    );
    const opensOnlyId = opensOnly.body.data.scheduledSendId as string;
    await sendOutboxMail(deps(), tenant.id, opensOnlyId);
    const plain = delivered(ANA, (await outbox(opensOnlyId)).sendKey)[0]!.body.content;
    expect(plain).toContain('href="https://agency.example/case?x=1&amp;y=2"');
    expect(plain).toContain(`<img src="${publicUrl}/t/`);
    // An untracked send carries neither and shows tracking null.
    const untracked = await t.call('mail.message.send', { to: [ANA], subject: 'Untracked', body }, rep().token);
    const untrackedId = untracked.body.data.scheduledSendId as string;
    await sendOutboxMail(deps(), tenant.id, untrackedId);
    const untrackedSent = await outbox(untrackedId);
    expect(delivered(ANA, untrackedSent.sendKey)[0]!.body.content).not.toContain('/t/');
    expect(
      (await t.call('mail.message.get', { id: untrackedSent.messageId }, rep().token)).body.data.tracking,
    ).toBeNull();
  }, 60_000);

  it('enqueueing the same send key again is a no-op that answers the existing row', async () => {
    const input = direct();
    const first = await enqueue(input);
    const again = await enqueue({ ...input, subject: 'changed' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, status: 'queued', created: false });
    expect((await outbox(first.id)).subject).toBe(input.subject);
  });

  it('a sequence send (enqueueOutboundMail) waits for sendAt and carries its List-Unsubscribe headers', async () => {
    const sendAt = new Date(Date.now() + 60_000);
    const input = direct({
      sendAt,
      enrollmentId: null,
      headers: {
        'List-Unsubscribe': '<https://pivotal.example/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    const { id } = await enqueue(input);
    expect(await sendOutboxMail(deps(), tenant.id, id)).toEqual({ kind: 'not_due', runAt: sendAt });
    expect(delivered(ANA, input.sendKey)).toHaveLength(0);
    expect(await sendOutboxMail({ ...deps(), now: () => new Date(sendAt.getTime() + 1) }, tenant.id, id)).toMatchObject(
      { kind: 'sent' },
    );
    const [copy] = delivered(ANA, input.sendKey);
    // Graph takes only x- headers in JSON: these went out in MIME format, and the copy that arrived carries them.
    expect(copy!.internetMessageHeaders).toEqual(
      expect.arrayContaining([
        { name: 'List-Unsubscribe', value: '<https://pivotal.example/u/abc>' },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ]),
    );
    expect(copy).toMatchObject({
      subject: input.subject,
      body: { contentType: 'html', content: expect.stringContaining(input.bodyHtml) },
      from: { emailAddress: { address: rep().email } },
    });
    expect(copy!.toRecipients).toEqual([{ emailAddress: { name: 'Ana', address: ANA } }]);
    // A retry after the send finds the MIME draft's sent copy by its key like any other.
    const sent = await outbox(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await sendOutboxMail(deps(), tenant.id, id)).toEqual({ kind: 'skipped', status: 'sent' });
    expect(delivered(ANA, input.sendKey)).toHaveLength(1);
  });

  describe('through graphile-worker (send_mail)', () => {
    let workers: Awaited<ReturnType<typeof startWorkers>>;
    const waitFor = async (check: () => Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return check();
    };
    beforeAll(async () => {
      workers = await startWorkers(t.db.ownerUrl, pino({ level: 'silent' }), 2);
    });
    afterAll(async () => {
      await workers?.stop();
      await workers?.pool.end();
    });

    it('is queued by the enqueue NOTIFY and sent within seconds; a scheduled send waits for sendAt', async () => {
      const body = { contentType: 'text', content: 'hello' };
      const now = await t.call('mail.message.send', { to: [ANA], subject: 'Right now', body }, rep().token);
      const sendAt = new Date(Date.now() + 5_000);
      const later = await t.call(
        'mail.message.send',
        { to: [ANA], subject: 'Later on', body, sendAt: sendAt.toISOString() },
        rep().token,
      );
      expect(later.body.data).toMatchObject({ status: 'scheduled', sendAt: sendAt.toISOString(), messageId: null });
      const nowId = now.body.data.scheduledSendId as string;
      const laterId = later.body.data.scheduledSendId as string;
      expect(await waitFor(async () => (await outbox(nowId)).status === 'sent', 20_000)).toBe(true);
      if (Date.now() < sendAt.getTime() - 1_500) expect((await outbox(laterId)).status).toBe('queued');
      expect(await waitFor(async () => (await outbox(laterId)).status === 'sent', 30_000)).toBe(true);
      const key = (await outbox(laterId)).sendKey as string;
      const [record] = mail.emulator.control
        .sent()
        .filter((r) => r.message.internetMessageHeaders.some((h) => h.value === key));
      expect(Date.parse(record!.sentAt)).toBeGreaterThanOrEqual(sendAt.getTime() - 1_000);
      expect(delivered(ANA, key)).toHaveLength(1);
      expect(delivered(ANA, (await outbox(nowId)).sendKey)).toHaveLength(1);
    }, 60_000);
  });
});
