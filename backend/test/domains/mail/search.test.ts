import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity, createUser } from '../../helpers/factories';
import { createMailbox, createMessage } from '../../helpers/mailFactories';
import { expectError, expectInvalid } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let repBox: { id: string; userId: string };
let managerBox: { id: string; userId: string };
let foreignBox: { id: string; userId: string };
const day = (d: number) => new Date(Date.UTC(2026, 9, d, 9));
const ids = (res: { body: any }) => res.body.data.map((m: any) => m.id);

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
  const db = t.db.ownerKnex;
  repBox = await createMailbox(db, acme.id, acme.users.salesRep.id);
  managerBox = await createMailbox(db, acme.id, acme.users.salesManager.id);
  foreignBox = await createMailbox(db, other.id, other.users.salesRep.id);
});
afterAll(async () => t?.close());

const rep = () => acme.users.salesRep.token;

describe('mail.search', () => {
  it('ranks a subject match over an address or snippet match, then newest first', async () => {
    const db = t.db.ownerKnex;
    const snippet = await createMessage(db, acme.id, repBox, {
      subject: 'Catch up',
      snippet: 'about the zephyr renewal',
      receivedAt: day(5),
    });
    const subject = await createMessage(db, acme.id, repBox, { subject: 'Zephyr renewal terms', receivedAt: day(1) });
    const address = await createMessage(db, acme.id, repBox, {
      subject: 'Hello',
      fromAddress: 'zephyr@client.test',
      receivedAt: day(9),
    });
    const newerSubject = await createMessage(db, acme.id, repBox, { subject: 'Zephyr pricing', receivedAt: day(3) });
    await createMessage(db, acme.id, managerBox, { subject: 'Zephyr secret (manager)' });
    await createMessage(db, other.id, foreignBox, { subject: 'Zephyr foreign' });
    const found = ids(await t.call('mail.search', { q: 'zephyr' }, rep()));
    expect(found).toEqual([newerSubject.id, subject.id, address.id, snippet.id]);
    expect(ids(await t.call('mail.search', { q: 'zephyr renewal' }, rep()))).toEqual([subject.id, snippet.id]);
    expect(ids(await t.call('mail.search', { q: '"renewal terms"' }, rep()))).toEqual([subject.id]);
    expect(ids(await t.call('mail.search', { q: 'zeph* -pricing -renewal' }, rep()))).toEqual([address.id]);
  });

  it('matches address fragments in from, to and cc (jane@, @acme) and combines them with words', async () => {
    const db = t.db.ownerKnex;
    const inbound = await createMessage(db, acme.id, repBox, {
      fromAddress: 'Jane.Doe@Initech.test',
      subject: 'Quarterly numbers',
      receivedAt: day(2),
    });
    const sent = await createMessage(db, acme.id, repBox, {
      folder: 'sent',
      fromAddress: 'rep@acme.test',
      toAddresses: ['bob@initech.test'],
      ccAddresses: ['jane.doe@initech.test'],
      subject: 'Re: Quarterly numbers',
      receivedAt: day(4),
    });
    await createMessage(db, acme.id, repBox, { fromAddress: 'janet@globex.test', subject: 'Other' });
    expect(ids(await t.call('mail.search', { q: 'jane.doe@' }, rep()))).toEqual([sent.id, inbound.id]);
    expect(ids(await t.call('mail.search', { q: '@initech' }, rep()))).toEqual([sent.id, inbound.id]);
    expect(ids(await t.call('mail.search', { q: '@initech quarterly', folder: 'sent' }, rep()))).toEqual([sent.id]);
    expect(ids(await t.call('mail.search', { q: 'quarterly', from: 'jane' }, rep()))).toEqual([inbound.id]);
    expect(ids(await t.call('mail.search', { q: 'quarterly', to: 'BOB@' }, rep()))).toEqual([sent.id]);
  });

  it('filters by folder, dates, attachments, read state and links (opportunity, account, client, project)', async () => {
    const db = t.db.ownerKnex;
    const opp = await createOpportunity(db, acme.id, { clientId: acme.clientId });
    const linked = await createMessage(db, acme.id, repBox, {
      subject: 'Orbit contract',
      hasAttachments: true,
      isRead: true,
      receivedAt: day(10),
      opportunityId: opp.id,
      accountId: opp.accountId,
      clientId: acme.clientId,
    });
    const plain = await createMessage(db, acme.id, repBox, {
      subject: 'Orbit contract draft',
      folder: 'archive',
      receivedAt: day(20),
    });
    const call = async (extra: Record<string, unknown>) =>
      ids(await t.call('mail.search', { q: 'orbit', ...extra }, rep()));
    expect(await call({ folder: 'archive' })).toEqual([plain.id]);
    expect(await call({ hasAttachments: true })).toEqual([linked.id]);
    expect(await call({ isRead: false })).toEqual([plain.id]);
    expect(await call({ opportunityId: opp.id })).toEqual([linked.id]);
    expect(await call({ accountId: opp.accountId, clientId: acme.clientId })).toEqual([linked.id]);
    expect(await call({ projectId: opp.id })).toEqual([]);
    expect(await call({ receivedFrom: day(15).toISOString() })).toEqual([plain.id]);
    expect(await call({ receivedFrom: day(9).toISOString(), receivedTo: day(11).toISOString() })).toEqual([linked.id]);
    const viaGet = await t.call('mail.search', undefined, rep(), {
      method: 'GET',
      query: 'q=orbit&hasAttachments=true',
    });
    expect(ids(viaGet)).toEqual([linked.id]);
  });

  it('walks a ranked result through the SDK with keyset pagination, without duplicates or gaps', async () => {
    const db = t.db.ownerKnex;
    const made = new Set<string>();
    for (let i = 0; i < 7; i++)
      made.add(
        (
          await createMessage(db, acme.id, repBox, {
            subject: i % 2 ? 'Walrus walrus' : 'Walrus',
            snippet: i % 3 ? 'walrus' : 'x',
            receivedAt: day(1 + (i % 3)),
          })
        ).id,
      );
    const seen: string[] = [];
    for await (const m of t.client(rep()).mail.search({ q: 'walrus', limit: 2 })) seen.push(m.id);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(made);
    expectInvalid(await t.call('mail.search', { q: 'walrus', cursor: 'bad' }, rep()), 'cursor');
  });

  it("searches only mailboxes the caller may read: never another user's, even a manager's or an admin's", async () => {
    const db = t.db.ownerKnex;
    const mine = await createMessage(db, acme.id, repBox, { subject: 'Privacy probe' });
    const managers = await createMessage(db, acme.id, managerBox, { subject: 'Privacy probe' });
    expect(ids(await t.call('mail.search', { q: 'privacy probe' }, rep()))).toEqual([mine.id]);
    expect(ids(await t.call('mail.search', { q: 'privacy probe' }, acme.users.salesManager.token))).toEqual([
      managers.id,
    ]);
    expectError(await t.call('mail.search', { q: 'privacy', mailboxId: managerBox.id }, rep()), 404, 'not_found');
    expectError(await t.call('mail.search', { q: 'privacy' }, acme.users.admin.token), 409, 'mailbox_not_connected');
    expectError(
      await t.call('mail.search', { q: 'privacy', mailboxId: repBox.id }, acme.users.admin.token),
      404,
      'not_found',
    );
  });

  it('never shows mail to client roles: 403, and nothing even when a policy grants them mail.read', async () => {
    expectError(await t.call('mail.search', { q: 'privacy' }, acme.users.clientViewer.token), 403, 'forbidden');
    const viewerBox = await createMailbox(t.db.ownerKnex, acme.id, acme.users.clientViewer.id);
    await createMessage(t.db.ownerKnex, acme.id, viewerBox, { subject: 'Privacy probe' });
    await t.db
      .ownerKnex('tenants')
      .where({ id: acme.id })
      .update({ settings: JSON.stringify({ rbac: { clientViewer: { grant: ['mail.read'] } } }) });
    t.services.tenants.invalidate(acme.id);
    try {
      expectError(
        await t.call('mail.search', { q: 'privacy' }, acme.users.clientViewer.token),
        409,
        'mailbox_not_connected',
      );
      expectError(
        await t.call('mail.search', { q: 'privacy', mailboxId: viewerBox.id }, acme.users.clientViewer.token),
        404,
        'not_found',
      );
    } finally {
      await t.db.ownerKnex('tenants').where({ id: acme.id }).update({ settings: '{}' });
      t.services.tenants.invalidate(acme.id);
    }
  });

  it("answers 404 for another tenant's mailbox, 400 for bad input, 403 without mail.read", async () => {
    expectError(await t.call('mail.search', { q: 'zephyr', mailboxId: foreignBox.id }, rep()), 404, 'not_found');
    expectInvalid(await t.call('mail.search', { q: '' }, rep()), 'q');
    expectInvalid(await t.call('mail.search', { q: '-- !!' }, rep()), 'q');
    expectInvalid(await t.call('mail.search', { q: 'x', receivedFrom: 'yesterday' }, rep()), 'receivedFrom');
    expectError(await t.call('mail.search', { q: 'x' }, acme.users.analyst.token), 403, 'forbidden');
  });
});

describe('mail.messages.list', () => {
  it('lists a folder newest first and walks it with keyset pagination', async () => {
    const db = t.db.ownerKnex;
    const owner = await createUser(db, acme.id, { role: 'salesRep', active: true, entraObjectId: crypto.randomUUID() });
    const token = await t.token('acme', owner.email);
    const box = await createMailbox(db, acme.id, owner.id);
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push(
        (
          await createMessage(db, acme.id, box, {
            receivedAt: day(1 + i),
            isFlagged: i === 2,
            labels: i === 1 ? ['vip'] : [],
          })
        ).id,
      );
    await createMessage(db, acme.id, box, { folder: 'sent' });
    const seen: string[] = [];
    for await (const m of t.client(token).mail.messages.list({ folder: 'inbox', limit: 2 })) seen.push(m.id);
    expect(seen).toEqual([...made].reverse());
    const flagged = await t.call('mail.messages.list', { isFlagged: true }, token);
    expect(ids(flagged)).toEqual([made[2]]);
    expect(flagged.body.data[0]).toMatchObject({ isFlagged: true, folder: 'inbox', mailboxId: box.id });
    expect(ids(await t.call('mail.messages.list', { labels: ['vip'] }, token))).toEqual([made[1]]);
  });

  it('lists one thread', async () => {
    const db = t.db.ownerKnex;
    const a = await createMessage(db, acme.id, repBox, { threadKey: 'conv-42', receivedAt: day(1) });
    const b = await createMessage(db, acme.id, repBox, { threadKey: 'conv-42', folder: 'sent', receivedAt: day(2) });
    await createMessage(db, acme.id, managerBox, { threadKey: 'conv-42' });
    expect(ids(await t.call('mail.messages.list', { threadKey: 'conv-42' }, rep()))).toEqual([b.id, a.id]);
  });

  it("keeps other users' mailboxes private (404) and client roles out (403)", async () => {
    expectError(await t.call('mail.messages.list', { mailboxId: managerBox.id }, rep()), 404, 'not_found');
    expectError(
      await t.call('mail.messages.list', { mailboxId: repBox.id }, acme.users.salesManager.token),
      404,
      'not_found',
    );
    expectError(await t.call('mail.messages.list', {}, acme.users.admin.token), 409, 'mailbox_not_connected');
    expectError(await t.call('mail.messages.list', {}, acme.users.clientApprover.token), 403, 'forbidden');
  });

  it("answers 404 for another tenant's mailbox, 400 for bad input, 403 without mail.read", async () => {
    expectError(await t.call('mail.messages.list', { mailboxId: foreignBox.id }, rep()), 404, 'not_found');
    expectInvalid(await t.call('mail.messages.list', { folder: 'spam' }, rep()), 'folder');
    expectInvalid(await t.call('mail.messages.list', { cursor: 'nope' }, rep()), 'cursor');
    expectError(await t.call('mail.messages.list', {}, acme.users.qa.token), 403, 'forbidden');
  });
});
