import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { AuthError } from '@azure/msal-node';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import type { Services } from '#http/types';
import { seal } from '#security/sealing';
import { callbackUrl, O365_CALLBACK_PATH, O365_CONNECTED_PATH } from './callbackUrl';
import { accountMismatch, configuredMicrosoftTenant, type AccountMismatch } from './accountMatch';
import { openVerifier, StateError, verifyState } from './state';
import type { MailboxAccountRow } from './presenters';

/** What the OAuth routes need. */
export type O365CallbackDeps = { knex: Knex; services: Services; log: Logger };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(ctx: Context, status: number, title: string, text: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto"><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
}

const query = (ctx: Context, key: string) =>
  typeof ctx.query[key] === 'string' ? (ctx.query[key] as string) : undefined;
/** Granted scopes as stored: the resource scopes plus offline_access, without MSAL's OpenID additions. */
const storedScopes = (granted: string[]) =>
  granted.filter((s) => !['openid', 'profile', 'email'].includes(s.toLowerCase()));

type Outcome =
  { kind: 'connected'; mailboxId: string } | { kind: 'inactive' } | ({ kind: 'mismatch' } & AccountMismatch);

/**
 * Redeems the code for the user the state names and, when the account is the user's own (`accountMismatch`), stores
 * the mailbox with its sealed token cache. A mismatch stores nothing: the redeemed tokens are dropped.
 */
async function connect(
  deps: O365CallbackDeps,
  code: string,
  state: Awaited<ReturnType<typeof verifyState>>,
  now: Date,
): Promise<Outcome> {
  const { tenantId, userId } = state;
  return withTenant(deps.knex, { tenantId, userId, clientIds: null }, async (trx): Promise<Outcome> => {
    const user = (await trx('users').where({ tenantId, id: userId, active: true }).first('email', 'entraObjectId')) as
      { email: string; entraObjectId: string | null } | undefined;
    if (!user) return { kind: 'inactive' };
    const tenant = (await trx('tenants').where({ id: tenantId }).first('id', 'entraTenantId')) as {
      id: string;
      entraTenantId: string | null;
    };
    const verifier = await openVerifier(trx, tenantId, state.sealedVerifier);
    const { o365, config } = deps.services;
    const { result, cacheJson } = await o365.redeem({
      code,
      verifier,
      redirectUri: callbackUrl(config),
      scopes: o365.scopes(state.calendar),
    });
    const account = result.account;
    if (!account) throw new Error('the token response named no account');
    const mismatch = accountMismatch(account, { ...user, microsoftTenantId: configuredMicrosoftTenant(tenant) });
    if (mismatch) return { kind: 'mismatch', ...mismatch };
    const existing = (await trx('mailboxAccounts')
      .where({ tenantId, userId, provider: 'o365' })
      .forUpdate()
      .first()) as MailboxAccountRow | undefined;
    const { authError: _gone, disconnectedAt: _old, ...keep } = existing?.meta ?? {};
    const values = {
      address: account.username.toLowerCase(),
      scopes: storedScopes(
        result.scopes.length ? [...result.scopes, 'offline_access'] : o365.scopes(state.calendar),
      ).filter((s, i, all) => all.indexOf(s) === i),
      status: 'connected',
      connectedAt: now,
      encryptedTokens: await seal(trx, tenantId, cacheJson),
      meta: JSON.stringify({ ...keep, homeAccountId: account.homeAccountId, entraTenantId: account.tenantId }),
      updatedAt: now,
    };
    const id = existing?.id ?? uuidv7();
    if (existing)
      await trx('mailboxAccounts')
        .where({ tenantId, id })
        .update({ ...values, version: existing.version + 1 });
    else
      await trx('mailboxAccounts').insert({
        tenantId,
        id,
        userId,
        provider: 'o365',
        ...values,
        version: 1,
        createdAt: now,
      });
    await trx('auditLog').insert({
      tenantId,
      id: uuidv7(),
      at: now,
      actor: `user:${userId}`,
      operation: 'mailbox.connectO365',
      targetType: 'mailbox',
      targetId: id,
      after: JSON.stringify({ address: values.address, scopes: values.scopes, status: 'connected' }),
    });
    return { kind: 'connected', mailboxId: id };
  });
}

const MISMATCH_TEXT: Record<AccountMismatch['reason'], string> = {
  account:
    'You signed in to Microsoft as {who}, which is not your Pivotal account. Sign out of Microsoft (or choose your own account) and start again from Pivotal.',
  tenant:
    "You signed in to Microsoft as {who}, an account of another organization's directory than this Pivotal workspace's. Sign in with your work account and start again from Pivotal.",
};

/** Mounts `GET /oauth/o365/callback` (Entra redirects here with `code` and `state`) and the confirmation page. */
export function mountO365Callback(router: Router, deps: O365CallbackDeps): void {
  router.get(O365_CALLBACK_PATH, async (ctx) => {
    const rawState = query(ctx, 'state');
    const code = query(ctx, 'code');
    let state: Awaited<ReturnType<typeof verifyState>>;
    try {
      if (!rawState) throw new StateError('malformed');
      state = await verifyState(rawState, new Date());
    } catch (error) {
      if (!(error instanceof StateError)) throw error;
      deps.log.warn({ reason: error.reason }, 'o365 callback: state refused');
      return page(
        ctx,
        400,
        'Mailbox not connected',
        `This sign-in link is not valid (${error.reason}). Start again from Pivotal.`,
      );
    }
    const denied = query(ctx, 'error');
    if (denied || !code)
      return page(
        ctx,
        400,
        'Mailbox not connected',
        `Microsoft answered: ${query(ctx, 'error_description') ?? denied ?? 'no authorization code'}`,
      );
    let outcome: Outcome;
    try {
      outcome = await connect(deps, code, state, new Date());
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      deps.log.warn({ err: error.errorCode }, 'o365 callback: code redemption refused');
      return page(
        ctx,
        400,
        'Mailbox not connected',
        `Microsoft refused the sign-in (${error.errorCode}). Start again from Pivotal.`,
      );
    }
    if (outcome.kind === 'inactive')
      return page(ctx, 403, 'Mailbox not connected', 'The user who started this connection is no longer active.');
    if (outcome.kind === 'mismatch') {
      deps.log.warn(
        { tenantId: state.tenantId, userId: state.userId, reason: outcome.reason },
        "o365 callback: the Microsoft account is not the user's own; nothing bound",
      );
      return page(
        ctx,
        403,
        'Mailbox not connected',
        MISMATCH_TEXT[outcome.reason].replace('{who}', outcome.signedInAs || 'another account'),
      );
    }
    const target = new URL(state.returnTo ?? O365_CONNECTED_PATH, deps.services.config.publicUrl);
    target.searchParams.set('mailboxId', outcome.mailboxId);
    ctx.redirect(target.toString());
  });

  router.get(O365_CONNECTED_PATH, (ctx) =>
    page(ctx, 200, 'Mailbox connected', 'Your Office 365 mailbox is connected to Pivotal. You can close this window.'),
  );
}
