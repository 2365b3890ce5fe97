import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { enqueueOutboundMail, type OutboundMail } from '#domains/mail/outbox';
import { SEND_KEY_HEADER, SendPendingError, sendOutboxMail } from '#domains/mail/send/sender';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import type { GraphMailAdapter } from '#integrations/graph/adapter/index';
import { startWorkers } from '#workers/index';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

const ANA = 'ana@customer.example';
const BEN = 'ben@customer.example';

describe('mail.message.send, mail.thread.reply and the send_mail worker', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let other: TestTenant;
  let mailboxId: string;
  let anaId: string;
  let opportunityId: string;
  let templateId: string;
  const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
  const rep = () => tenant.users.salesRep;
  const deps = (adapter: GraphMailAdapter = mail.adapter) => ({ knex: t.db.ownerKnex, adapter });
  const outbox = (id: string) =>
    withTenant(t.db.ownerKnex, scope(), (trx) => trx('mailOutbox').where({ tenantId: tenant.id, id }).first());
  const outboxCount = async () =>
    Number(
      (
        (await withTenant(t.db.ownerKnex, scope(), (trx) =>
          trx('mailOutbox').where({ tenantId: tenant.id }).count('* as n').first(),
        )) as { n: string }
      ).n,
    );
  /** Copies of a send key that reached Ana's emulated inbox. */
  const delivered = (address: string, key: string) =>
    mail.emulator.control
      .messages(address, 'inbox')
      .filter((m) => m.internetMessageHeaders.some((h) => h.name.toLowerCase() === SEND_KEY_HEADER && h.value === key));
  let n = 0;
  const direct = (extra: Partial<OutboundMail> = {}): OutboundMail => ({
    tenantId: tenant.id,
    mailboxId,
    sendKey: `test:${++n}:${Date.now()}`,
    to: [{ address: ANA, name: 'Ana' }],
    subject: `Direct ${n}`,
    bodyHtml: `<p>Body ${n}</p>`,
    origin: 'sequence',
    contactIds: [anaId],
    ...extra,
  });
  const enqueue = (mailInput: OutboundMail) =>
    withTenant(t.db.ownerKnex, scope(), (trx) => enqueueOutboundMail(trx, mailInput));

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    setMailRuntime({ adapter: mail.adapter, notificationBaseUrl: null });
    [tenant, other] = await Promise.all([t.tenant(), t.tenant()]);
    for (const address of [rep().email, ANA, BEN]) mail.emulator.control.seedMailbox({ address, messages: 0 });
    mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, rep().id, rep().email, { backfillDays: 30 });
    const account = await createAccount(t.db.ownerKnex, tenant.id, {
      name: 'Customer Co',
      domain: 'customer.example',
      clientId: tenant.clientId,
    });
    anaId = (
      await createContact(t.db.ownerKnex, tenant.id, {
        accountId: account.id,
        clientId: tenant.clientId,
        email: ANA,
        firstName: 'Ana',
        lastName: 'Lima',
      })
    ).id;
    opportunityId = (
      await createOpportunity(t.db.ownerKnex, tenant.id, {
        accountId: account.id,
        clientId: tenant.clientId,
        name: 'Website rebuild',
      })
    ).id;
    const template = await t.call(
      'template.create',
      {
        name: 'Intro',
        subject: 'Hi {{contact.firstName}}',
        body: { contentType: 'html', content: '<p>About {{opportunity.name}}, {{contact.firstName|there}}.</p>' },
      },
      tenant.users.salesManager.token,
    );
    expect(template.status).toBe(200);
    templateId = template.body.data.id;
  }, 60_000);
  afterAll(async () => {
    setMailRuntime(null);
    await mail?.close();
    await t?.close();
  });

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

  describe('exactly once under retries', () => {
    /** An adapter whose named method's `nth` call runs for real and then fails as a lost answer (timeout) would. */
    const failingAfter = (method: 'createDraft' | 'sendDraft' | 'findByHeader', nth = 1): GraphMailAdapter => {
      let calls = 0;
      return new Proxy(mail.adapter, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (prop !== method || typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            calls += 1;
            if (calls === nth) throw new Error(`socket hang up after ${method}`);
            return result;
          };
        },
      });
    };

    const cases: [string, GraphMailAdapter | (() => GraphMailAdapter)][] = [
      ['createDraft (draft made, its id never recorded)', () => failingAfter('createDraft')],
      ['sendDraft (sent, the 202 lost)', () => failingAfter('sendDraft')],
      ['the look-up after the send (sent, nothing recorded)', () => failingAfter('findByHeader', 2)],
    ];
    for (const [when, adapter] of cases) {
      it(`a run that dies after ${when} is retried without a second message`, async () => {
        const input = direct();
        const { id } = await enqueue(input);
        await expect(
          sendOutboxMail(deps(typeof adapter === 'function' ? adapter() : adapter), tenant.id, id),
        ).rejects.toThrow(/socket hang up/);
        expect((await outbox(id)).status).toBe('sending');
        // A killed worker never releases its lease: the row waits for it to expire, then the retry goes on.
        await withTenant(t.db.ownerKnex, scope(), (trx) =>
          trx('mailOutbox')
            .where({ tenantId: tenant.id, id })
            .update({ leaseUntil: new Date(Date.now() + 120_000) }),
        );
        await expect(sendOutboxMail(deps(), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
        const retried = await sendOutboxMail({ ...deps(), now: () => new Date(Date.now() + 121_000) }, tenant.id, id);
        expect(retried.kind).toBe('sent');
        expect(delivered(ANA, input.sendKey)).toHaveLength(1);
        const sentFromRep = mail.emulator.control
          .sent()
          .filter((s) => s.message.internetMessageHeaders.some((h) => h.value === input.sendKey));
        expect(sentFromRep).toHaveLength(1);
        // No leftover draft either.
        expect(
          mail.emulator.control
            .messages(rep().email, 'drafts')
            .filter((m) => m.internetMessageHeaders.some((h) => h.value === input.sendKey)),
        ).toHaveLength(0);
        expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 2, leaseUntil: null });
      }, 60_000);
    }

    it('a sender process killed (SIGKILL) right after Graph accepted the send is retried without a second message', async () => {
      const input = direct();
      const { id } = await enqueue(input);
      const child = spawn(
        process.execPath,
        [
          '--conditions=@pivotal-pm/source',
          '--import',
          'tsx',
          join(import.meta.dirname, 'killedSender.ts'),
          t.db.ownerUrl,
          mail.emulator.url,
          mail.emulator.caFile,
          tenant.id,
          id,
        ],
        {
          cwd: join(import.meta.dirname, '..', '..', '..'),
          // The same master key as this process (the tenant's data key is wrapped under it).
          env: { ...process.env, PIVOTAL_DATA_DIR: t.config.dataDir },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(delivered(ANA, input.sendKey)).toHaveLength(1);
      const left = await outbox(id);
      expect(left).toMatchObject({ status: 'sending', messageId: null, attempts: 1 });
      expect(left.sendRequestedAt).not.toBeNull();
      // Its lease outlives it; once expired, the retry finds the sent copy and only records it.
      await expect(sendOutboxMail(deps(), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
      expect(
        await sendOutboxMail({ ...deps(), now: () => new Date(Date.now() + 121_000) }, tenant.id, id),
      ).toMatchObject({ kind: 'sent', alreadySent: true });
      expect(delivered(ANA, input.sendKey)).toHaveLength(1);
      expect((await outbox(id)).status).toBe('sent');
    }, 90_000);

    it('after /send, a run that cannot see the sent copy yet waits (never drafts again) and finally gives up without resending', async () => {
      const input = direct();
      const { id } = await enqueue(input);
      // Graph accepted the send, but the lookup shows nothing (the copy is still in transit).
      const blind: GraphMailAdapter = { ...mail.adapter, findByHeader: async () => [] };
      await expect(sendOutboxMail(deps(blind), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
      await expect(sendOutboxMail(deps(blind), tenant.id, id)).rejects.toBeInstanceOf(SendPendingError);
      expect(delivered(ANA, input.sendKey)).toHaveLength(1);
      const later = await sendOutboxMail(
        { ...deps(blind), now: () => new Date(Date.now() + 60 * 60_000) },
        tenant.id,
        id,
      );
      expect(later).toEqual({ kind: 'skipped', status: 'failed' });
      expect((await outbox(id)).lastError).toMatchObject({ code: 'send_unconfirmed' });
      expect(delivered(ANA, input.sendKey)).toHaveLength(1);
    }, 60_000);

    it('concurrent runs of the same row still deliver one message', async () => {
      const input = direct();
      const { id } = await enqueue(input);
      const results = await Promise.allSettled([
        sendOutboxMail(deps(), tenant.id, id),
        sendOutboxMail(deps(), tenant.id, id),
        sendOutboxMail(deps(), tenant.id, id),
      ]);
      // One run sends; the others find the row leased (retried later) or already sent.
      expect(
        results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'sent' && !r.value.alreadySent),
      ).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SendPendingError);
      expect(await sendOutboxMail(deps(), tenant.id, id)).toEqual({ kind: 'skipped', status: 'sent' });
      expect(delivered(ANA, input.sendKey)).toHaveLength(1);
      expect((await outbox(id)).leaseUntil).toBeNull();
    }, 60_000);
  });

  it('replies in the thread: createReply keeps the conversation and In-Reply-To, the original is marked replied', async () => {
    const inbound = mail.emulator.control.deliver(rep().email, {
      subject: 'Question about the quote',
      body: { contentType: 'text', content: 'Is VAT included?' },
      from: { emailAddress: { name: 'Ana Lima', address: ANA } },
      toRecipients: [{ emailAddress: { name: 'Rep', address: rep().email } }],
      ccRecipients: [{ emailAddress: { name: 'Ben', address: BEN } }],
    });
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const original = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, externalId: inbound.id }).first(),
    );
    const res = await t.call(
      'mail.thread.reply',
      {
        messageId: original.id,
        replyAll: true,
        body: { contentType: 'text', content: 'Yes, {{contact.firstName}}, VAT is included.' },
      },
      rep().token,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'queued', threadKey: original.threadKey });
    const row = await outbox(res.body.data.scheduledSendId);
    expect(await sendOutboxMail(deps(), tenant.id, row.id)).toMatchObject({ kind: 'sent' });
    const [reply] = delivered(ANA, row.sendKey);
    expect(reply).toMatchObject({ subject: 'RE: Question about the quote', conversationId: inbound.conversationId });
    expect(reply!.body.content).toContain('Yes, Ana, VAT is included.');
    expect(reply!.internetMessageHeaders).toContainEqual({ name: 'In-Reply-To', value: inbound.internetMessageId });
    // Reply all reached Ben (Cc of the original) as well.
    expect(delivered(BEN, row.sendKey)).toHaveLength(1);
    const sentId = (await outbox(row.id)).messageId as string;
    const after = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex')
        .where({ tenantId: tenant.id })
        .whereIn('id', [original.id, sentId])
        .select('id', 'isReplied', 'threadKey'),
    );
    expect(after).toHaveLength(2);
    expect(after.find((r: { id: string }) => r.id === original.id)).toMatchObject({ isReplied: true });
    expect(new Set(after.map((r: { threadKey: string }) => r.threadKey))).toEqual(new Set([original.threadKey]));
  }, 60_000);

  it('rejects unknown merge tags and bad input with the field path, writing nothing', async () => {
    const before = await outboxCount();
    const cases: [unknown, string][] = [
      [{ to: [ANA], subject: 'Hi {{contact.nickname}}', body: { contentType: 'html', content: 'x' } }, 'subject'],
      [{ to: [ANA], subject: 'Hi', body: { contentType: 'html', content: '{{ deal.value }}' } }, 'body.content'],
      [{ to: [ANA], templateId, mergeData: { 'contact.shoeSize': '42' } }, 'mergeData.contact.shoeSize'],
      [{ to: [ANA], body: { contentType: 'html', content: 'x' } }, 'subject'],
      [{ to: ['not-an-address'], subject: 'x', body: { contentType: 'html', content: 'x' } }, 'to.0'],
      [
        {
          to: [ANA],
          subject: 'x',
          body: { contentType: 'html', content: 'x' },
          attachments: [{ name: 'a', contentType: 'text/plain', contentBase64: '***' }],
        },
        'attachments.0.contentBase64',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await t.call('mail.message.send', body, rep().token);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const reply = await t.call(
      'mail.thread.reply',
      { messageId: 'nope', body: { contentType: 'text', content: 'x' } },
      rep().token,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('messageId');
    const tag = await t.call(
      'mail.thread.reply',
      { messageId: mailboxId, body: { contentType: 'text', content: '{{nope}}' } },
      rep().token,
    );
    expect(tag.status).toBe(400);
    expect(tag.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('body.content');
    expect(await outboxCount()).toBe(before);
  });

  it("answers 404 for another tenant's or an unshared mailbox and message, 403 without the permission or for client roles, 422 for a suppressed recipient", async () => {
    const before = await outboxCount();
    const body = { to: [ANA], subject: 'x', body: { contentType: 'text', content: 'x' } };
    const original = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id }).first('id'),
    );
    expect((await t.call('mail.message.send', { ...body, mailboxId }, other.users.salesRep.token)).status).toBe(404);
    expect(
      (await t.call('mail.thread.reply', { messageId: original.id, body: body.body }, other.users.admin.token)).status,
    ).toBe(404);
    // Privacy: a manager of the same tenant can neither send from nor answer in the rep's mailbox.
    expect((await t.call('mail.message.send', { ...body, mailboxId }, tenant.users.salesManager.token)).status).toBe(
      404,
    );
    expect(
      (await t.call('mail.thread.reply', { messageId: original.id, body: body.body }, tenant.users.salesManager.token))
        .status,
    ).toBe(404);
    expect((await t.call('mail.message.send', body, tenant.users.salesManager.token)).status).toBe(409);
    for (const role of ['marketer', 'analyst', 'clientViewer', 'clientApprover'] as const) {
      expect((await t.call('mail.message.send', body, tenant.users[role].token)).status, role).toBe(403);
      expect(
        (await t.call('mail.thread.reply', { messageId: original.id, body: body.body }, tenant.users[role].token))
          .status,
        role,
      ).toBe(403);
    }
    const suppressed = await t.call(
      'suppression.add',
      { kind: 'email', value: 'gone@customer.example', reason: 'unsubscribed' },
      tenant.users.admin.token,
    );
    expect(suppressed.status).toBe(200);
    const refused = await t.call('mail.message.send', { ...body, to: ['gone@customer.example'] }, rep().token);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('recipient_suppressed');
    expect(await outboxCount()).toBe(before);
  });

  it('a readSend share may send from the shared mailbox; a read share may not', async () => {
    const manager = tenant.users.salesManager;
    const share = await t.call('mailbox.share.create', { mailboxId, userId: manager.id, access: 'read' }, rep().token);
    expect(share.status).toBe(200);
    const body = { mailboxId, to: [ANA], subject: 'From the team', body: { contentType: 'text', content: 'x' } };
    expect((await t.call('mail.message.send', body, manager.token)).status).toBe(404);
    expect((await t.call('mailbox.share.revoke', { id: share.body.data.id }, rep().token)).status).toBe(200);
    expect(
      (await t.call('mailbox.share.create', { mailboxId, userId: manager.id, access: 'readSend' }, rep().token)).status,
    ).toBe(200);
    const sent = await t.call('mail.message.send', body, manager.token);
    expect(sent.status).toBe(200);
    expect((await outbox(sent.body.data.scheduledSendId)).createdBy).toBe(manager.id);
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
