import { describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { sendOutboxMail } from '#domains/mail/send/sender';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { syncDeps } from './mailHarness';
import {
  ANA,
  BEN,
  delivered,
  deps,
  mail,
  mailboxId,
  other,
  outbox,
  outboxCount,
  rep,
  scope,
  t,
  templateId,
  tenant,
  useSendFixture,
} from './sendFixture';

describe('mail.message.send and mail.thread.reply: replies, validation, isolation and shares', () => {
  useSendFixture();

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
});
