import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { loadFolders } from '#domains/mail/sync/folderState';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { compareWithEmulator, connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

const FOLDERS = ['inbox', 'sentitems', 'archive', 'Clients'];
const CLEAN = { missing: 0, extra: 0, duplicates: 0, wrongFolder: 0 };

describe('mail sync under faults: the index ends equal to the emulator mailbox', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let n = 0;

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    tenant = await t.tenant();
  });
  afterAll(async () => {
    await mail.close();
    await t.close();
  });

  /** A fresh mailbox for the tenant's admin-made user, seeded in the emulator. */
  async function mailbox(messages = 400) {
    n += 1;
    const address = `faults${n}@agency.example`;
    const [user] = await t.db
      .ownerKnex('users')
      .insert({ tenantId: tenant.id, id: crypto.randomUUID(), email: address, displayName: `Faults ${n}` })
      .returning('id');
    mail.emulator.control.seedMailbox({ address, messages, days: 80, folders: ['Clients'], seed: 100 + n });
    const mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, (user as { id: string }).id, address);
    const compare = () => compareWithEmulator(t.db.ownerKnex, tenant.id, mailboxId, mail.emulator, address, FOLDERS);
    const folders = () =>
      withTenant(t.db.ownerKnex, { tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' }, (trx) =>
        loadFolders(trx, { tenantId: tenant.id, mailboxId }),
      );
    return { address, mailboxId, compare, folders };
  }

  it('rides out a 429 storm and 503/504s (Retry-After honoured), and a storm past the retry bound resumes on the next run', async () => {
    const box = await mailbox();
    mail.emulator.control.injectFault(box.address, { kind: 'throttle', count: 5, retryAfterSeconds: 1 });
    await syncMailbox(
      syncDeps(t.db.ownerKnex, mail, {
        pageSize: 25,
        afterPage: (_f, pages) => {
          if (pages === 2)
            mail.emulator.control.injectFault(box.address, { kind: 'unavailable', count: 3, status: 503 });
          if (pages === 4)
            mail.emulator.control.injectFault(box.address, { kind: 'unavailable', count: 2, status: 504 });
        },
      }),
      tenant.id,
      box.mailboxId,
    );
    expect(await box.compare()).toMatchObject(CLEAN);
    // A storm longer than the bounded retries fails the run; the folder shows throttled, the next run completes.
    mail.emulator.control.deliver(box.address, {
      subject: 'during storm',
      from: { emailAddress: { name: 'X', address: 'x@contoso.example' } },
    });
    mail.emulator.control.injectFault(box.address, { kind: 'throttle', count: 40, retryAfterSeconds: 1 });
    await expect(syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, box.mailboxId)).rejects.toThrow(/failed/);
    expect((await box.folders()).some((f) => f.health === 'throttled' && f.lastError?.code === 'TooManyRequests')).toBe(
      true,
    );
    mail.emulator.control.injectFault(box.address, { kind: 'throttle', count: 0 });
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, box.mailboxId);
    expect(await box.compare()).toMatchObject(CLEAN);
  });

  it('restarts a folder round on 410 mid-backfill without duplicates, and on 410 in delta sweeps what was deleted meanwhile', async () => {
    const box = await mailbox();
    let injected = false;
    await syncMailbox(
      syncDeps(t.db.ownerKnex, mail, {
        pageSize: 25,
        afterPage: (_f, pages) => {
          if (pages === 3 && !injected) mail.emulator.control.injectFault(box.address, { kind: 'syncStateNotFound' });
          if (pages === 3) injected = true;
        },
      }),
      tenant.id,
      box.mailboxId,
    );
    expect(await box.compare()).toMatchObject(CLEAN);
    expect((await box.folders()).reduce((sum, f) => sum + f.restarts, 0)).toBe(1);
    // Graph loses the delta state while mail is deleted: the restarted round must not leave the deleted rows.
    for (const m of mail.emulator.control.messages(box.address, 'inbox').slice(0, 5))
      mail.emulator.control.deleteMessage(box.address, m.id);
    mail.emulator.control.injectFault(box.address, { kind: 'syncStateNotFound' });
    await syncMailbox(syncDeps(t.db.ownerKnex, mail, { pageSize: 25 }), tenant.id, box.mailboxId);
    expect(await box.compare()).toMatchObject(CLEAN);
  });

  it('absorbs replayed items in incremental rounds', async () => {
    const box = await mailbox(200);
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, box.mailboxId);
    mail.emulator.control.injectFault(box.address, { kind: 'replay', rounds: 4, items: 15 });
    for (let i = 0; i < 5; i++)
      mail.emulator.control.deliver(box.address, {
        subject: `new ${i}`,
        from: { emailAddress: { name: 'Y', address: 'y@contoso.example' } },
      });
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, box.mailboxId);
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, box.mailboxId);
    expect(await box.compare()).toMatchObject(CLEAN);
  });

  it('resumes from the saved cursor after the worker is killed between pages (no restart, no gap, no duplicate)', async () => {
    const box = await mailbox(600);
    const killed = new Error('worker killed');
    await expect(
      syncMailbox(
        syncDeps(t.db.ownerKnex, mail, {
          pageSize: 20,
          afterPage: (_f, pages) => {
            if (pages === 4) throw killed;
          },
        }),
        tenant.id,
        box.mailboxId,
      ),
    ).rejects.toThrow(/failed/);
    const mid = await box.folders();
    const cut = mid.find((f) => f.pageLink !== null);
    expect(cut).toBeDefined();
    expect(cut?.phase).toBe('backfill');
    // Mail keeps arriving while the worker is down.
    mail.emulator.control.deliver(box.address, {
      subject: 'while down',
      from: { emailAddress: { name: 'Z', address: 'z@contoso.example' } },
    });
    const before = mail.emulator.control.requests().length;
    await syncMailbox(syncDeps(t.db.ownerKnex, mail, { pageSize: 20 }), tenant.id, box.mailboxId);
    const resumedWith = mail.emulator.control
      .requests()
      .slice(before)
      .find((r) => r.path.includes(`/mailFolders/${cut?.externalFolderId}/messages/delta`));
    expect(resumedWith).toBeDefined();
    expect((await box.folders()).every((f) => f.restarts === 0 && f.backfillComplete)).toBe(true);
    expect(await box.compare()).toMatchObject(CLEAN);
  });
});
