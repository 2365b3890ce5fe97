import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { DELTA_CAP } from '#domains/mail/sync/engine';
import { loadFolders } from '#domains/mail/sync/folderState';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { compareWithEmulator, connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

const FOLDERS = ['inbox', 'sentitems', 'archive', 'Clients'];

describe('mail sync: backfill and delta against the emulator', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    tenant = await t.tenant();
  });
  afterAll(async () => {
    await mail.close();
    await t.close();
  });

  it('backfills inbox, sent, archive and custom folders for 90 days, then applies delta changes', async () => {
    const address = tenant.users.salesRep.email;
    mail.emulator.control.seedMailbox({ address, messages: 300, days: 120, folders: ['Clients'], seed: 7 });
    const mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, tenant.users.salesRep.id, address);
    const since = new Date(Date.now() - 90 * 86_400_000);
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const first = await compareWithEmulator(
      t.db.ownerKnex,
      tenant.id,
      mailboxId,
      mail.emulator,
      address,
      FOLDERS,
      since,
    );
    expect(first.expected).toBeGreaterThan(150);
    expect(first).toMatchObject({ missing: 0, extra: 0, duplicates: 0, wrongFolder: 0 });
    const folders = await withTenant(
      t.db.ownerKnex,
      { tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' },
      (trx) => loadFolders(trx, { tenantId: tenant.id, mailboxId }),
    );
    expect(folders.map((f) => f.folder).sort()).toEqual(['archive', 'custom', 'inbox', 'sent']);
    for (const f of folders) expect(f).toMatchObject({ phase: 'delta', backfillComplete: true, health: 'synced' });

    // Changes: a new message, a deletion, a move into a custom folder, a read flag.
    const inbox = mail.emulator.control.messages(address, 'inbox');
    mail.emulator.control.deliver(address, {
      subject: 'Fresh one',
      from: { emailAddress: { name: 'Zed', address: 'zed@contoso.example' } },
      toRecipients: [{ emailAddress: { name: 'Rep', address } }],
    });
    mail.emulator.control.deleteMessage(address, inbox[0]?.id ?? '');
    mail.emulator.control.moveMessage(address, inbox[1]?.id ?? '', 'Clients');
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const second = await compareWithEmulator(
      t.db.ownerKnex,
      tenant.id,
      mailboxId,
      mail.emulator,
      address,
      FOLDERS,
      since,
    );
    expect(second).toMatchObject({ missing: 0, extra: 0, duplicates: 0, wrongFolder: 0 });
    expect(second.indexed).toBe(second.expected);
  });

  it(`past the ${DELTA_CAP.toLocaleString('en')}-message cap of a filtered delta, a paged list fills the rest`, async () => {
    const address = tenant.users.salesManager.email;
    mail.emulator.control.seedMailbox({ address, messages: 9_500, days: 60, seed: 3 });
    const mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, tenant.users.salesManager.id, address);
    await syncMailbox(syncDeps(t.db.ownerKnex, mail, { pageSize: 500 }), tenant.id, mailboxId);
    const result = await compareWithEmulator(t.db.ownerKnex, tenant.id, mailboxId, mail.emulator, address, [
      'inbox',
      'sentitems',
      'archive',
    ]);
    expect(mail.emulator.control.messages(address, 'inbox').length).toBeGreaterThan(DELTA_CAP);
    expect(result).toMatchObject({ missing: 0, extra: 0, duplicates: 0, wrongFolder: 0 });
  }, 60_000);
});
