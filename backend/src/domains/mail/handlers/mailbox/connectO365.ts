import { ApiError, invalidField } from '#http/errors';
import type { Handler } from '#http/types';
import { callbackUrl } from '#domains/mail/connect/callbackUrl';
import { signState } from '#domains/mail/connect/state';

const badRedirect = (message: string) => invalidField('redirectUri', message, 'invalid_value');

/**
 * Starts connecting the caller's Office 365 mailbox: a PKCE pair, a signed `state` bound to the caller (10 minutes)
 * and the consent URL on the multi-tenant authority, hinting the caller's own account (`login_hint`, `domain_hint`).
 * The callback route finishes the connection, and binds only the caller's own Microsoft account.
 */
export const mailboxConnectO365: Handler<'mailbox.connectO365'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  if (userId === null) throw new ApiError('forbidden', 'Only a user can connect a mailbox');
  // Only our own pages may be the landing page: an open redirect would leak the flow to another site.
  if (input.redirectUri && new URL(input.redirectUri).origin !== new URL(ctx.services.config.publicUrl).origin) {
    throw badRedirect(`must be on ${new URL(ctx.services.config.publicUrl).origin}`);
  }
  const user = (await ctx.trx('users').where({ tenantId, id: userId }).first('email')) as { email: string } | undefined;
  if (!user) throw new ApiError('forbidden', 'Only a user of this workspace can connect a mailbox');
  const { o365 } = ctx.services;
  const { verifier, challenge } = await o365.pkce();
  const { state, expiresAt } = await signState(
    ctx.trx,
    { tenantId, userId, calendar: input.calendar, returnTo: input.redirectUri ?? null, verifier },
    ctx.now,
  );
  const consentUrl = await o365.consentUrl({
    redirectUri: callbackUrl(ctx.services.config),
    state,
    challenge,
    scopes: o365.scopes(input.calendar),
    loginHint: input.loginHint ?? user.email,
    domainHint: user.email.split('@')[1]!,
  });
  return { consentUrl, state, expiresAt: expiresAt.toISOString() };
};
