import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { createMailboxAccess } from '#domains/mail/connect/mailboxAccess';
import { signState } from '#domains/mail/connect/state';
import type { GraphEmulator } from '#integrations/graph/emulator/index';
import { callEmulator } from '#integrations/graph/emulator/testClient';
import { MailboxAuthError } from '#integrations/graph/mailboxAccess';
import { openText, seal } from '#security/sealing';
import type { TestApp, TestTenant } from '../../helpers/app';
import { appWithEmulator, browse, connectMailbox, consent } from './helpers';

let REP = '';
let MANAGER = '';
let t: TestApp;
let graph: GraphEmulator;
let acme: TestTenant;

beforeAll(async () => {
  ({ t, graph } = await appWithEmulator());
  acme = await t.tenant();
  // The users' own Microsoft accounts (only the user's own account can be connected: connectAccount.test.ts).
  REP = acme.users.salesRep.email;
  MANAGER = acme.users.salesManager.email;
  graph.control.seedMailbox({ address: REP, displayName: 'Rita Rep', messages: 3, days: 5 });
  graph.control.seedMailbox({ address: MANAGER, messages: 1, days: 1 });
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});

const asWorker = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(t.db.ownerKnex, { tenantId: acme.id, userId: null, clientIds: null, mailboxScope: 'all' }, fn);
const mailboxRow = (id: string) => asWorker((trx) => trx('mailboxAccounts').where({ tenantId: acme.id, id }).first());
const tokenRequests = async () =>
  (await callEmulator(graph, 'GET', '/_control/oauth/token-requests', { token: null })).body.value as {
    tenant: string;
    grantType: string;
    status: number;
  }[];

/** Makes every cached access token look expired, as time passing would. */
async function expireCachedTokens(mailboxId: string): Promise<void> {
  await asWorker(async (trx) => {
    const row = await trx('mailboxAccounts').where({ tenantId: acme.id, id: mailboxId }).first();
    const cache = JSON.parse(await openText(trx, acme.id, row.encryptedTokens));
    for (const at of Object.values(cache.AccessToken) as { expires_on: string; extended_expires_on: string }[]) {
      at.expires_on = String(Math.floor(Date.now() / 1000) - 60);
      at.extended_expires_on = at.expires_on;
    }
    await trx('mailboxAccounts')
      .where({ tenantId: acme.id, id: mailboxId })
      .update({ encryptedTokens: await seal(trx, acme.id, JSON.stringify(cache)) });
  });
}

describe('connecting an Office 365 mailbox end to end', () => {
  it('connect -> consent -> callback -> token accepted by Graph -> expiry refresh -> invalid_grant marks the mailbox', async () => {
    const rep = acme.users.salesRep;
    const mailboxId = await connectMailbox(t, graph, rep, REP);
    const row = await mailboxRow(mailboxId);
    expect(row).toMatchObject({ userId: rep.id, address: REP, status: 'connected', provider: 'o365' });
    expect(row.scopes).toEqual(expect.arrayContaining(['Mail.Read', 'Mail.Send', 'offline_access']));
    expect(row.connectedAt).toBeInstanceOf(Date);
    // The token cache is sealed: no token or account in clear text.
    expect(row.encryptedTokens.includes(Buffer.from('RefreshToken'))).toBe(false);
    expect(row.encryptedTokens.includes(Buffer.from(REP))).toBe(false);

    const access = createMailboxAccess({ knex: t.db.appKnex, o365: t.services.o365 });
    const ref = { tenantId: acme.id, mailboxId, address: REP };
    const first = await access.accessToken(ref);
    const graphCall = (token: string) => callEmulator(graph, 'GET', `/v1.0/users/${REP}/mailFolders/inbox`, { token });
    expect((await graphCall(first)).status).toBe(200);
    expect(graph.control.requests().at(-1)).toMatchObject({ signedInAs: REP });
    // Still valid: served from the cache, no token request.
    const before = (await tokenRequests()).length;
    expect(await access.accessToken(ref)).toBe(first);
    expect((await tokenRequests()).length).toBe(before);

    // Expired: a silent refresh against the user's own tenant authority, the new cache sealed back.
    await expireCachedTokens(mailboxId);
    const sealedBefore = (await mailboxRow(mailboxId)).encryptedTokens;
    const second = await access.accessToken(ref);
    expect(second).not.toBe(first);
    expect((await graphCall(second)).status).toBe(200);
    const refresh = (await tokenRequests()).at(-1)!;
    expect(refresh).toMatchObject({ grantType: 'refresh_token', status: 200 });
    expect(refresh.tenant).toBe(row.meta.entraTenantId);
    expect(refresh.tenant).not.toBe('organizations');
    expect((await mailboxRow(mailboxId)).encryptedTokens.equals(sealedBefore)).toBe(false);

    // The refresh token is revoked at Entra: status error with the reason, the owner gets a task, MailboxAuthError.
    graph.control.failNextRefresh();
    await expireCachedTokens(mailboxId);
    const failure = await access.accessToken(ref).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MailboxAuthError);
    const reason = (failure as MailboxAuthError).reason;
    expect(reason).toMatch(/invalid_grant|bad_token/);
    const errored = await mailboxRow(mailboxId);
    expect(errored.status).toBe('error');
    expect(errored.meta.authError).toMatchObject({ reason, message: expect.stringContaining('AADSTS50173') });
    const tasks = await asWorker((trx) => trx('tasks').where({ tenantId: acme.id, ownerId: rep.id }));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      priority: 'high',
      status: 'open',
      title: `Reconnect your Office 365 mailbox ${REP}`,
    });
    const events = await asWorker((trx) => trx('events').where({ tenantId: acme.id, name: 'task.created' }));
    expect(events.map((e) => e.payload.taskId)).toEqual([tasks[0].id]);
    // Later calls fail fast with the same reason and no second task.
    await expect(access.accessToken(ref)).rejects.toMatchObject({ reason });
    expect(await asWorker((trx) => trx('tasks').where({ tenantId: acme.id, ownerId: rep.id }))).toHaveLength(1);

    // Reconnecting clears the error and keeps the same mailbox row.
    expect(await connectMailbox(t, graph, rep, REP)).toBe(mailboxId);
    const again = await mailboxRow(mailboxId);
    expect(again.status).toBe('connected');
    expect(again.meta.authError).toBeUndefined();
    expect((await graphCall(await access.accessToken(ref))).status).toBe(200);
  });

  it('asks for the calendar scope only when requested, with PKCE S256 on the multi-tenant authority', async () => {
    const plain = await t.call('mailbox.connectO365', {}, acme.users.salesManager.token);
    const withCalendar = await t.call(
      'mailbox.connectO365',
      { calendar: true, loginHint: 'rep@agency.example' },
      acme.users.salesManager.token,
    );
    const a = new URL(plain.body.data.consentUrl);
    const b = new URL(withCalendar.body.data.consentUrl);
    expect(a.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(a.searchParams.get('code_challenge_method')).toBe('S256');
    expect(a.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.searchParams.get('redirect_uri')).toBe('http://pivotal.test/oauth/o365/callback');
    expect(a.searchParams.get('state')).toBe(plain.body.data.state);
    expect(a.searchParams.get('scope')!.split(' ')).toEqual(
      expect.arrayContaining(['Mail.Read', 'Mail.Send', 'offline_access']),
    );
    expect(a.searchParams.get('scope')).not.toContain('Calendars.ReadWrite');
    expect(b.searchParams.get('scope')!.split(' ')).toContain('Calendars.ReadWrite');
    expect(b.searchParams.get('login_hint')).toBe('rep@agency.example');
    expect(Date.parse(plain.body.data.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
  });

  it("refuses a tampered, forged, expired or missing state, and a code redeemed with another flow's verifier", async () => {
    const manager = acme.users.salesManager;
    const started = await t.call('mailbox.connectO365', {}, manager.token);
    const callback = new URL(await consent(graph, started.body.data.consentUrl, MANAGER));
    const withState = (state: string) => {
      const u = new URL(callback);
      u.searchParams.set('state', state);
      return u.toString();
    };
    const state: string = started.body.data.state;
    const [body, sig] = state.split('.') as [string, string];
    const tamperedSig = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    // Forged: the payload names another user (the admin), the signature is the original one.
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...payload, u: acme.users.admin.id })).toString('base64url')}.${sig}`;
    const expired = await withTenant(t.db.appKnex, { tenantId: acme.id, userId: manager.id, clientIds: null }, (trx) =>
      signState(
        trx,
        { tenantId: acme.id, userId: manager.id, calendar: false, returnTo: null, verifier: 'v'.repeat(43) },
        new Date(Date.now() - 11 * 60_000),
      ),
    );
    for (const [bad, reason] of [
      [tamperedSig, 'tampered'],
      [forged, 'tampered'],
      [expired.state, 'expired'],
      ['garbage', 'malformed'],
    ] as const) {
      const res = await browse(t, withState(bad));
      expect(res.status).toBe(400);
      expect(res.text).toContain(reason);
    }
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    expect((await browse(t, missing.toString())).status).toBe(400);

    // A valid state of another flow: its PKCE verifier does not match this code's challenge.
    const other = await t.call('mailbox.connectO365', {}, manager.token);
    const mismatch = await browse(t, withState(other.body.data.state));
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('invalid_grant');
    // Nothing was connected for anyone by these attempts.
    expect(
      await asWorker((trx) =>
        trx('mailboxAccounts').where({ tenantId: acme.id }).whereNot({ userId: acme.users.salesRep.id }),
      ),
    ).toEqual([]);
    // Consent denied at Microsoft: shown, nothing stored.
    const denied = new URL(callback);
    denied.searchParams.delete('code');
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('error_description', 'The user declined');
    const deniedRes = await browse(t, denied.toString());
    expect(deniedRes.status).toBe(400);
    expect(deniedRes.text).toContain('The user declined');
  });

  it("lands on the confirmation page, or on the caller's own page of the same origin", async () => {
    const analystless = acme.users.salesManager;
    const started = await t.call(
      'mailbox.connectO365',
      { redirectUri: 'http://pivotal.test/settings/mailbox' },
      analystless.token,
    );
    const back = await browse(t, await consent(graph, started.body.data.consentUrl, MANAGER));
    expect(back.status).toBe(302);
    const landing = new URL(back.location!);
    expect(`${landing.origin}${landing.pathname}`).toBe('http://pivotal.test/settings/mailbox');
    expect(landing.searchParams.get('mailboxId')).toMatch(/^[0-9a-f-]{36}$/);
    const page = await browse(t, 'http://pivotal.test/oauth/o365/connected');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mailbox connected');
  });
});
