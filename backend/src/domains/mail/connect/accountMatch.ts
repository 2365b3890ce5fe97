import type { AccountInfo } from '@azure/msal-node';

/** The Pivotal side of a mailbox connection: who started it, and the Microsoft tenant of the workspace if known. */
export type ConnectingUser = { email: string; entraObjectId: string | null; microsoftTenantId: string | null };

/** Why a redeemed Microsoft account may not be bound to the user who started the connection. */
export type AccountMismatch = { reason: 'account' | 'tenant'; signedInAs: string };

/**
 * The Microsoft tenant a Pivotal tenant is onboarded with, or null when none is configured: `createTenant`
 * stores the tenant's own id as a placeholder when no `--entra-tid` is given (dev, demo and tests).
 */
export function configuredMicrosoftTenant(tenant: { id: string; entraTenantId: string | null }): string | null {
  return tenant.entraTenantId && tenant.entraTenantId !== tenant.id ? tenant.entraTenantId : null;
}

/**
 * Checks that the account which redeemed the code is the user's own: the same Entra object id as the user signs in
 * to Pivotal with, or the user's email as its sign-in name (UPN); and, when the workspace's Microsoft tenant is known,
 * an account of that tenant. Null when it may be bound. Without this, anyone who completed a user's consent link
 * (sent on, or opened signed in as someone else) would bind their mailbox to that user.
 */
export function accountMismatch(account: AccountInfo, user: ConnectingUser): AccountMismatch | null {
  const claims = account.idTokenClaims ?? {};
  const oid = claims.oid ?? account.localAccountId;
  const tid = claims.tid ?? account.tenantId;
  const username = (account.username || account.upn || '').toLowerCase();
  if (user.microsoftTenantId && tid !== user.microsoftTenantId) return { reason: 'tenant', signedInAs: username };
  const sameObject = Boolean(user.entraObjectId) && oid === user.entraObjectId;
  if (!sameObject && username !== user.email.toLowerCase()) return { reason: 'account', signedInAs: username };
  return null;
}
