import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from './server';
import { callEmulator } from './testClient';

const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };
const ANA = 'ana@agency.example';
const BEN = 'ben@client.example';

describe('graph emulator: mail', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => {
    emulator = await startGraphEmulator();
    emulator.control.seedMailbox({ address: ANA, displayName: 'Ana Ruiz', messages: 20, days: 14 });
    emulator.control.seedMailbox({ address: BEN, displayName: 'Ben Ode', messages: 5, days: 14 });
  });
  afterAll(() => emulator.close());

  it('sendMail answers 202 without an id, keeps a sent copy and delivers to the other emulated mailbox', async () => {
    const res = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/sendMail`, {
      token: 'token-ana',
      body: {
        message: {
          subject: 'Proposal',
          body: { contentType: 'text', content: 'Here it is.' },
          toRecipients: [{ emailAddress: { address: BEN } }, { emailAddress: { address: 'x@elsewhere.example' } }],
        },
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({});
    const sent = emulator.control.sent().at(-1);
    expect(sent?.deliveredTo.map((d) => d.address)).toEqual([BEN]);
    const delivered = emulator.control.messages(BEN, 'inbox').find((m) => m.id === sent?.deliveredTo[0]?.messageId);
    expect(delivered).toMatchObject({
      subject: 'Proposal',
      isRead: false,
      internetMessageId: sent?.message.internetMessageId,
      conversationId: sent?.message.conversationId,
    });
    expect(
      emulator.control.messages(ANA, 'sentitems').some((m) => m.internetMessageId === sent?.message.internetMessageId),
    ).toBe(true);
    expect(emulator.control.requests().at(-1)).toMatchObject({ token: 'token-ana', mailbox: ANA, status: 202 });
  });

  it('reply threads with In-Reply-To and References and reaches the original sender', async () => {
    const original = emulator.control.messages(BEN, 'inbox').find((m) => m.subject === 'Proposal');
    const res = await callEmulator(emulator, 'POST', `/v1.0/users/${BEN}/messages/${original?.id}/reply`, {
      body: { comment: 'Looks good.' },
    });
    expect(res.status).toBe(202);
    const reply = emulator.control.messages(ANA, 'inbox').find((m) => m.subject === 'RE: Proposal');
    expect(reply?.conversationId).toBe(original?.conversationId);
    expect(reply?.internetMessageHeaders).toEqual([
      { name: 'In-Reply-To', value: original?.internetMessageId },
      { name: 'References', value: original?.internetMessageId },
    ]);
  });

  it('createReply makes a threaded draft (201) that send (202) delivers', async () => {
    const original = emulator.control.messages(ANA, 'inbox').find((m) => m.subject === 'RE: Proposal');
    const draft = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages/${original?.id}/createReply`, {
      headers: IMMUTABLE,
      body: {},
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      isDraft: true,
      subject: 'RE: Proposal',
      toRecipients: [{ emailAddress: { address: BEN } }],
    });
    const edit = await callEmulator(emulator, 'PATCH', `/v1.0/users/${ANA}/messages/${draft.body.id}`, {
      headers: IMMUTABLE,
      body: { body: { contentType: 'text', content: 'Signed copy attached.' } },
    });
    expect(edit.status).toBe(200);
    expect((await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages/${draft.body.id}/send`)).status).toBe(
      202,
    );
    const received = emulator.control.messages(BEN, 'inbox').find((m) => m.body.content === 'Signed copy attached.');
    expect(received?.conversationId).toBe(original?.conversationId);
    expect(received?.internetMessageHeaders.find((h) => h.name === 'References')?.value.split(' ')).toHaveLength(2);
    expect(emulator.control.messages(ANA, 'drafts').some((m) => m.id === draft.body.id)).toBe(false);
  });

  it('PATCH sets isRead and flag; REST ids (without ImmutableId) stop resolving after a move', async () => {
    const [message] = emulator.control.messages(ANA, 'inbox');
    const res = await callEmulator(emulator, 'PATCH', `/v1.0/users/${ANA}/messages/${message?.id}`, {
      body: { isRead: true, flag: { flagStatus: 'flagged' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ isRead: true, flag: { flagStatus: 'flagged' } });
    const restId = res.body.id as string;
    expect(restId).not.toBe(message?.id);
    expect((await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/messages/${restId}`)).status).toBe(200);
    await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages/${message?.id}/move`, {
      body: { destinationId: 'archive' },
    });
    expect((await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/messages/${restId}`)).status).toBe(404);
    expect(
      (await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/messages/${message?.id}`, { headers: IMMUTABLE })).body,
    ).toMatchObject({ id: message?.id, isRead: true });
    const bad = await callEmulator(emulator, 'PATCH', `/v1.0/users/${ANA}/messages/${message?.id}`, {
      body: { isRead: 'yes' },
    });
    expect(bad.status).toBe(400);
  });

  it('rejects requests without a bearer token (401) and unknown mailboxes (404)', async () => {
    const res = await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/mailFolders`, { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect((await callEmulator(emulator, 'GET', '/v1.0/users/nobody@x.example/mailFolders')).status).toBe(404);
  });

  it('exposes the control API over HTTP', async () => {
    const seeded = await callEmulator(emulator, 'POST', '/_control/mailboxes', {
      token: null,
      body: { address: 'cara@agency.example', messages: 3, folders: ['Deals'] },
    });
    expect(seeded.status).toBe(201);
    const delivered = await callEmulator(emulator, 'POST', '/_control/mailboxes/cara@agency.example/messages', {
      token: null,
      body: { subject: 'hello', folder: 'Deals' },
    });
    expect(delivered.status).toBe(201);
    const sent = await callEmulator(emulator, 'GET', '/_control/sent', { token: null });
    expect((sent.body.value as unknown[]).length).toBeGreaterThan(0);
    const fault = await callEmulator(emulator, 'POST', '/_control/mailboxes/cara@agency.example/faults', {
      token: null,
      body: { kind: 'unavailable', count: 1, status: 504 },
    });
    expect(fault.status).toBe(204);
    expect((await callEmulator(emulator, 'GET', '/v1.0/users/cara@agency.example/mailFolders')).status).toBe(504);
    expect((await callEmulator(emulator, 'GET', '/v1.0/users/cara@agency.example/mailFolders')).status).toBe(200);
  });

  it('refuses headers other than x- in JSON, like Graph, and takes them in MIME format (draft + send, and sendMail)', async () => {
    const json = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages`, {
      headers: IMMUTABLE,
      body: {
        subject: 'Json',
        toRecipients: [{ emailAddress: { address: BEN } }],
        internetMessageHeaders: [{ name: 'List-Unsubscribe', value: '<mailto:u@agency.example>' }],
      },
    });
    expect(json.status).toBe(400);
    expect(json.body).toMatchObject({ error: { code: 'InvalidInternetMessageHeader' } });

    const mime = [
      `From: Ana <${ANA}>`,
      `To: Ben <${BEN}>`,
      'Bcc: audit@agency.example',
      'Subject: =?UTF-8?Q?Caf=C3=A9_plans?=',
      'X-Pivotal-Send-Key: mime-1',
      'List-Unsubscribe: <https://pivotal.example/u/tok>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Hello Ben</p>',
      '--b1',
      'Content-Type: text/plain; name="a.txt"',
      'Content-Disposition: attachment; filename="a.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('abc').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    const draft = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages`, {
      headers: { ...IMMUTABLE, 'content-type': 'text/plain' },
      rawBody: Buffer.from(mime).toString('base64'),
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      isDraft: true,
      subject: 'Café plans',
      hasAttachments: true,
      body: { contentType: 'html', content: '<p>Hello Ben</p>' },
      bccRecipients: [{ emailAddress: { address: 'audit@agency.example' } }],
    });
    const id = (draft.body as { id: string }).id;
    expect(
      (await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages/${id}/send`, { headers: IMMUTABLE })).status,
    ).toBe(202);
    const received = emulator.control.messages(BEN, 'inbox').find((m) => m.subject === 'Café plans')!;
    expect(received.internetMessageHeaders).toEqual(
      expect.arrayContaining([
        { name: 'X-Pivotal-Send-Key', value: 'mime-1' },
        { name: 'List-Unsubscribe', value: '<https://pivotal.example/u/tok>' },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ]),
    );
    expect(received.attachments?.[0]).toMatchObject({ name: 'a.txt', size: 3 });
    // Bcc is a property, not a header that travels.
    expect(received.internetMessageHeaders.map((h) => h.name.toLowerCase())).not.toContain('bcc');

    const direct = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/sendMail`, {
      headers: { 'content-type': 'text/plain' },
      rawBody: Buffer.from(mime.replace('Café', 'Direct')).toString('base64'),
    });
    expect(direct.status).toBe(202);
    for (const rawBody of ['not base64 at all!', Buffer.from('just some words').toString('base64'), '']) {
      const bad = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages`, {
        headers: { 'content-type': 'text/plain' },
        rawBody,
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'ErrorMimeContentInvalidBase64String' } });
    }
  });

  it('finds drafts and sent items by an x- header through the extended-property filter; keeps attachments; createReplyAll', async () => {
    const key = `key-${Date.now()}`;
    const draft = await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages`, {
      headers: IMMUTABLE,
      body: {
        subject: 'Keyed',
        body: { contentType: 'html', content: '<p>x</p>' },
        toRecipients: [{ emailAddress: { address: BEN } }],
        internetMessageHeaders: [{ name: 'x-pivotal-send-key', value: key }],
        attachments: [
          {
            '@odata.type': '#microsoft.graph.fileAttachment',
            name: 'a.txt',
            contentType: 'text/plain',
            contentBytes: Buffer.from('abc').toString('base64'),
          },
        ],
      },
    });
    expect(draft.status).toBe(201);
    const id = (draft.body as { id: string; hasAttachments: boolean }).id;
    expect((draft.body as { hasAttachments: boolean }).hasAttachments).toBe(true);
    const filter = encodeURIComponent(
      `singleValueExtendedProperties/Any(ep: ep/id eq 'String {00020386-0000-0000-C000-000000000046} Name x-pivotal-send-key' and ep/value eq '${key}')`,
    );
    const find = async () =>
      (
        (
          await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/messages?$filter=${filter}&$select=isDraft`, {
            headers: IMMUTABLE,
          })
        ).body as { value: { id: string; isDraft: boolean }[] }
      ).value;
    expect(await find()).toEqual([expect.objectContaining({ id, isDraft: true })]);
    expect(
      (await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages/${id}/send`, { headers: IMMUTABLE })).status,
    ).toBe(202);
    expect(await find()).toEqual([expect.objectContaining({ id, isDraft: false })]);
    expect(
      (await callEmulator(emulator, 'POST', `/v1.0/users/${ANA}/messages/${id}/send`, { headers: IMMUTABLE })).status,
    ).toBe(400);
    const attachments = await callEmulator(emulator, 'GET', `/v1.0/users/${ANA}/messages/${id}/attachments`, {
      headers: IMMUTABLE,
    });
    expect((attachments.body as { value: unknown[] }).value).toEqual([
      expect.objectContaining({ name: 'a.txt', contentType: 'text/plain', size: 3 }),
    ]);
    const bad = await callEmulator(
      emulator,
      'GET',
      `/v1.0/users/${ANA}/messages?$filter=${encodeURIComponent("subject eq 'x'")}`,
      { headers: IMMUTABLE },
    );
    expect(bad.status).toBe(400);
    const received = emulator.control.messages(BEN, 'inbox').find((m) => m.subject === 'Keyed')!;
    expect(received.attachments?.[0]).toMatchObject({ name: 'a.txt', size: 3 });
    const replyAll = await callEmulator(emulator, 'POST', `/v1.0/users/${BEN}/messages/${received.id}/createReplyAll`, {
      headers: IMMUTABLE,
      body: { message: { internetMessageHeaders: [{ name: 'x-k', value: '1' }] } },
    });
    expect(replyAll.status).toBe(201);
    expect(replyAll.body).toMatchObject({
      isDraft: true,
      subject: 'RE: Keyed',
      conversationId: received.conversationId,
    });
    expect(
      (replyAll.body as { internetMessageHeaders: { name: string }[] }).internetMessageHeaders.map((h) => h.name),
    ).toEqual(['In-Reply-To', 'References', 'x-k']);
  });
});
