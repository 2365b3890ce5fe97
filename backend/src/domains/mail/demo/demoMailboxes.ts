import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import type { GraphEmulator } from '#integrations/graph/emulator/index';
import { callEmulator } from '#integrations/graph/emulator/testClient';
import { type DemoCorrespondent, seedDemoMailContent } from './demoMailContent';

/** The demo users whose mailboxes are emulated and connected: both reps and the manager of each agency. */
export const DEMO_MAIL_USERS = ['rep', 'rep2', 'manager'] as const;
export const DEMO_MAIL_TENANTS = ['acme', 'globex'] as const;

/** How the demo talks to the running API: its local base URL and a token for a seeded user. */
export type DemoApi = { baseUrl: string; token(slug: string, email: string): Promise<string> };

/** What happened to one demo mailbox at start-up. */
export type DemoMailboxOutcome = { email: string; seeded: number | null; connected: boolean; resynced: boolean };

type UserRow = { id: string; email: string; displayName: string };
type MailboxRow = { id: string; status: string; meta: Record<string, unknown> };
/**
 * The demo's mail: for every demo rep and manager, an emulated mailbox with 95 days of mail with their contacts
 * (made when the emulator does not have it yet), connected exactly as a user would connect it (mailbox.connectO365,
 * the emulator's consent page, the OAuth callback redeeming the code with msal-node) and synced (mail.sync.start).
 *
 * The emulator's state is kept under the data dir; its `epoch` is recorded on each demo mailbox. On a restart
 * with the same epoch nothing happens (same ids, tokens, delta links). When the emulator's state was lost (new
 * epoch) a mailbox's synced index and cursors would point at mail that no longer exists: they are dropped and
 * the mailbox is connected and synced again. A mailbox the user disconnected stays disconnected.
 */
export async function setUpDemoMailboxes(deps: {
  ownerKnex: Knex;
  emulator: GraphEmulator;
  api: DemoApi;
  now?: Date;
}): Promise<DemoMailboxOutcome[]> {
  const { ownerKnex, emulator, api } = deps;
  const now = deps.now ?? new Date();
  const out: DemoMailboxOutcome[] = [];
  for (const slug of DEMO_MAIL_TENANTS) {
    const tenant = (await ownerKnex('tenants').where({ slug }).first('id')) as { id: string } | undefined;
    if (!tenant) continue;
    for (const local of DEMO_MAIL_USERS) {
      const email = `${local}@${slug}.test`;
      const found = await withTenant(ownerKnex, systemScope(tenant.id, 'all'), async (trx) => {
        const user = (await trx('users').where({ tenantId: tenant.id, email }).first('id', 'email', 'displayName')) as
          UserRow | undefined;
        const mailbox = user
          ? ((await trx('mailboxAccounts')
              .where({ tenantId: tenant.id, userId: user.id, provider: 'o365' })
              .first('id', 'status', 'meta')) as MailboxRow | undefined)
          : undefined;
        return { user, mailbox };
      });
      if (!found.user) continue;
      const outcome: DemoMailboxOutcome = { email, seeded: null, connected: false, resynced: false };
      const exists = hasMailbox(emulator, email);
      if (!exists)
        outcome.seeded = seedDemoMailContent(
          emulator.control,
          { address: email, displayName: found.user.displayName },
          await correspondents(ownerKnex, tenant.id, found.user.id),
          { now },
        );
      const epoch = (found.mailbox?.meta?.demoMail as { epoch?: string } | undefined)?.epoch;
      if (found.mailbox && epoch === emulator.epoch) {
        out.push(outcome);
        continue;
      }
      await emulator.save();
      if (found.mailbox) {
        // The emulator's history changed under this mailbox: forget what was synced from the old one.
        await withTenant(ownerKnex, systemScope(tenant.id, 'all'), async (trx) => {
          for (const table of ['mailSubscriptions', 'mailFolderSync', 'messageIndex'])
            await trx(table).where({ tenantId: tenant.id, mailboxId: found.mailbox!.id }).delete();
        });
        outcome.resynced = true;
      }
      const mailboxId = await connectLikeAUser(emulator, api, slug, email);
      await withTenant(ownerKnex, systemScope(tenant.id, 'all'), (trx) =>
        trx('mailboxAccounts')
          .where({ tenantId: tenant.id, id: mailboxId })
          .update({ meta: trx.raw(`meta || ?::jsonb`, [JSON.stringify({ demoMail: { epoch: emulator.epoch } })]) }),
      );
      outcome.connected = true;
      out.push(outcome);
    }
  }
  return out;
}

function hasMailbox(emulator: GraphEmulator, address: string): boolean {
  try {
    emulator.control.folderId(address, 'inbox');
    return true;
  } catch {
    return false;
  }
}

/** The user's contacts first (accounts they own), then others, 24 at most, in a stable order. */
async function correspondents(ownerKnex: Knex, tenantId: string, userId: string): Promise<DemoCorrespondent[]> {
  const rows = (await withTenant(ownerKnex, systemScope(tenantId, 'all'), (trx) =>
    trx('contacts as c')
      .join('accounts as a', function joinAccount() {
        this.on('a.tenantId', 'c.tenantId').andOn('a.id', 'c.accountId');
      })
      .where('c.tenantId', tenantId)
      .whereNotNull('c.email')
      .orderByRaw('(a.owner_id = ?) desc, c.email', [userId])
      .limit(24)
      .select('c.firstName', 'c.lastName', 'c.email', 'a.name as company'),
  )) as { firstName: string; lastName: string; email: string; company: string }[];
  return rows.map((r) => ({ name: `${r.firstName} ${r.lastName}`, email: r.email.toLowerCase(), company: r.company }));
}

/** mailbox.connectO365 -> the emulator's consent page (signed in as the user) -> the OAuth callback -> mail.sync.start. */
async function connectLikeAUser(emulator: GraphEmulator, api: DemoApi, slug: string, email: string): Promise<string> {
  const token = await api.token(slug, email);
  const call = async (op: string, body: unknown) => {
    const res = await fetch(`${api.baseUrl}/v1/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: Record<string, unknown>; error?: { message: string } };
    if (res.status !== 200 || !json.data)
      throw new Error(`demo mail: ${op} for ${email} answered ${res.status} ${json.error?.message ?? ''}`);
    return json.data;
  };
  const { consentUrl } = (await call('mailbox.connectO365', {})) as { consentUrl: string };
  emulator.control.signInAs(email);
  const consent = new URL(consentUrl);
  const authorized = await callEmulator(emulator, 'GET', `${consent.pathname}${consent.search}`, { token: null });
  const location = authorized.headers.location;
  if (authorized.status !== 302 || typeof location !== 'string')
    throw new Error(`demo mail: the emulator's consent answered ${authorized.status}`);
  // The callback is on our public URL; call it on the local listener (the public host may not resolve here).
  const callback = new URL(location);
  const back = await fetch(`${api.baseUrl}${callback.pathname}${callback.search}`, { redirect: 'manual' });
  const landing = back.headers.get('location');
  const mailboxId = landing ? new URL(landing).searchParams.get('mailboxId') : null;
  if (back.status !== 302 || !mailboxId)
    throw new Error(`demo mail: the OAuth callback answered ${back.status}: ${await back.text()}`);
  await call('mail.sync.start', { mailboxId, backfillDays: 90 });
  return mailboxId;
}
