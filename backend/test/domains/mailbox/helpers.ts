import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { startGraphEmulator, type GraphEmulator } from '#integrations/graph/emulator/index';
import { callEmulator } from '#integrations/graph/emulator/testClient';
import { createTestApp, type TestApp, type TestUser } from '../../helpers/app';

/** The public URL the test app believes it has: the emulator redirects there, tests re-target it to the app. */
export const PUBLIC_URL = 'http://pivotal.test';

/** A test app whose mailbox connection talks to a fresh Graph emulator. */
export async function appWithEmulator(): Promise<{ t: TestApp; graph: GraphEmulator }> {
  const graph = await startGraphEmulator();
  const t = await createTestApp({ env: { PUBLIC_URL, O365_AUTHORITY_HOST: graph.url, O365_CA_FILE: graph.caFile } });
  return { t, graph };
}

/** Requests a redirect on the test app as the browser would (no redirect following). */
export async function browse(
  t: TestApp,
  url: string,
): Promise<{ status: number; location: string | null; text: string }> {
  const u = new URL(url);
  const res = await fetch(`${t.baseUrl}${u.pathname}${u.search}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** Opens the consent URL on the emulator as `address` and answers where it redirects the browser (the callback). */
export async function consent(graph: GraphEmulator, consentUrl: string, address: string): Promise<string> {
  graph.control.signInAs(address);
  const u = new URL(consentUrl);
  const res = await callEmulator(graph, 'GET', `${u.pathname}${u.search}`, { token: null });
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}`);
  return String(res.headers.location);
}

/** Full connect flow for `user`: connectO365 -> authorize -> callback; answers the new mailbox id. */
export async function connectMailbox(
  t: TestApp,
  graph: GraphEmulator,
  user: TestUser,
  address: string,
): Promise<string> {
  const started = await t.call('mailbox.connectO365', {}, user.token);
  if (started.status !== 200) throw new Error(`connectO365 answered ${started.status}`);
  const back = await browse(t, await consent(graph, started.body.data.consentUrl, address));
  if (back.status !== 302 || !back.location) throw new Error(`callback answered ${back.status}: ${back.text}`);
  return new URL(back.location).searchParams.get('mailboxId')!;
}

/** Inserts a connected mailbox row directly (no tokens), for privacy and sharing tests. */
export async function insertMailbox(
  ownerKnex: Knex,
  tenantId: string,
  userId: string,
  address: string,
): Promise<string> {
  const id = uuidv7();
  await withTenant(ownerKnex, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, async (trx) => {
    await trx('mailboxAccounts').insert({
      tenantId,
      id,
      userId,
      address,
      scopes: ['Mail.Read', 'Mail.Send', 'offline_access'],
      status: 'connected',
      connectedAt: new Date(),
    });
    await trx('messageIndex').insert({
      tenantId,
      id: uuidv7(),
      mailboxId: id,
      userId,
      externalId: `m-${id}`,
      folder: 'inbox',
      fromAddress: 'jane@acme.example',
      subject: 'Renewal pricing',
      receivedAt: new Date(),
    });
  });
  return id;
}

/** What a user (with optional client scope) sees of a mailbox and its messages under RLS. */
export async function visibleTo(
  appKnex: Knex,
  tenantId: string,
  userId: string,
  mailboxId: string,
  clientIds: string[] | null = null,
): Promise<{ mailboxes: number; messages: number }> {
  return withTenant(appKnex, { tenantId, userId, clientIds }, async (trx) => ({
    mailboxes: (await trx('mailboxAccounts').where({ tenantId, id: mailboxId })).length,
    messages: (await trx('messageIndex').where({ tenantId, mailboxId })).length,
  }));
}
