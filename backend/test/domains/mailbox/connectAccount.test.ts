import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import type { GraphEmulator } from '#integrations/graph/emulator/index';
import { EMULATOR_TENANT_ID } from '#integrations/graph/emulator/subscriptions';
import type { TestApp, TestTenant } from '../../helpers/app';
import { appWithEmulator, browse, consent } from './helpers';

let t: TestApp;
let graph: GraphEmulator;
let acme: TestTenant;
let strict: TestTenant;
let otherOid = '';

beforeAll(async () => {
  ({ t, graph } = await appWithEmulator());
  acme = await t.tenant();
  strict = await t.tenant();
  for (const user of [acme.users.salesRep, acme.users.salesManager, strict.users.salesRep])
    graph.control.seedMailbox({ address: user.email, messages: 1, days: 1 });
  otherOid = graph.control.seedMailbox({ address: 'm.jones@agency.example', messages: 1, days: 1 }).userId;
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});

const asWorker = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(t.db.ownerKnex, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, fn);
const stored = (tenantId: string) =>
  asWorker(tenantId, async (trx) => ({
    mailboxes: await trx('mailboxAccounts').where({ tenantId }),
    // The callback's audit row names the mailbox it bound (starting a connection is audited without a target).
    audits: await trx('auditLog').where({ tenantId, operation: 'mailbox.connectO365' }).whereNotNull('targetId'),
  }));
/** Starts a connection as `token` and completes Microsoft's sign-in as `signedInAs`: the callback's answer. */
async function connectAs(token: string, signedInAs: string) {
  const started = await t.call('mailbox.connectO365', {}, token);
  expect(started.status).toBe(200);
  return browse(t, await consent(graph, started.body.data.consentUrl, signedInAs));
}

describe("mailbox.connectO365: only the user's own Microsoft account is bound", () => {
  it("hints the user's own account in the consent URL (login_hint, domain_hint), which the sign-in page pre-fills", async () => {
    const rep = acme.users.salesRep;
    const started = await t.call('mailbox.connectO365', {}, rep.token);
    const url = new URL(started.body.data.consentUrl);
    expect(url.searchParams.get('login_hint')).toBe(rep.email);
    expect(url.searchParams.get('domain_hint')).toBe(rep.email.split('@')[1]);
  });

  it("refuses user A's flow completed by mailbox B's account: a clear 403 page, nothing stored, A's own account then connects", async () => {
    const rep = acme.users.salesRep;
    const refused = await connectAs(rep.token, acme.users.salesManager.email);
    expect(refused.status).toBe(403);
    expect(refused.location).toBeNull();
    expect(refused.text).toContain('Mailbox not connected');
    expect(refused.text).toContain(
      `You signed in to Microsoft as ${acme.users.salesManager.email}, which is not your Pivotal account`,
    );
    expect(await stored(acme.id)).toEqual({ mailboxes: [], audits: [] });

    const own = await connectAs(rep.token, rep.email);
    expect(own.status).toBe(302);
    const { mailboxes } = await stored(acme.id);
    expect(mailboxes.map((m) => [m.userId, m.address])).toEqual([[rep.id, rep.email]]);
  });

  it('accepts an account whose object id is the one the user signs in to Pivotal with, whatever its name', async () => {
    const manager = acme.users.salesManager;
    expect((await connectAs(manager.token, 'm.jones@agency.example')).status).toBe(403);
    await asWorker(acme.id, (trx) =>
      trx('users').where({ tenantId: acme.id, id: manager.id }).update({ entraObjectId: otherOid }),
    );
    const token = await t.token(acme.slug, manager.email);
    const back = await connectAs(token, 'm.jones@agency.example');
    expect(back.status).toBe(302);
    const row = (await stored(acme.id)).mailboxes.find((m) => m.userId === manager.id);
    expect(row?.address).toBe('m.jones@agency.example');
  });

  it("refuses an account of another Microsoft tenant than the workspace's configured one", async () => {
    const setTenant = async (entraTenantId: string) => {
      await asWorker(strict.id, (trx) => trx('tenants').where({ id: strict.id }).update({ entraTenantId }));
      return t.token(strict.slug, strict.users.salesRep.email);
    };
    const rep = strict.users.salesRep;
    const elsewhere = await connectAs(await setTenant('11111111-2222-4333-8444-555555555555'), rep.email);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.text).toContain('an account of another organization&#39;s directory');
    expect(await stored(strict.id)).toEqual({ mailboxes: [], audits: [] });

    const home = await connectAs(await setTenant(EMULATOR_TENANT_ID), rep.email);
    expect(home.status).toBe(302);
    expect((await stored(strict.id)).mailboxes).toHaveLength(1);
  });
});
