import { signEmbedToken, type EmbedScope } from '#auth/tokens';
import { ApiError, notFound } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { rolesOf } from '#domains/directory/presenters';
import { assertUserManageable, loadUser } from '#domains/directory/users';

/** Mints a short-lived token scoped to exactly one user or one client, for embedding. */
export const authEmbedTokenCreate: Handler<'auth.embedToken.create'> = async (input, ctx) => {
  const scope: EmbedScope =
    input.userId !== undefined
      ? { type: 'user', userId: await checkUser(ctx, input.userId) }
      : { type: 'client', clientId: await checkClient(ctx, input.clientId!) };
  const { token, expiresAt } = await signEmbedToken(
    ctx.services.keys.embed,
    ctx.principal.tenantId,
    scope,
    ctx.principal.actor,
    input.ttlSeconds,
  );
  const targetId = scope.type === 'user' ? scope.userId : scope.clientId;
  await ctx.audit({ targetType: scope.type, targetId, after: { scope, expiresAt: expiresAt.toISOString() } });
  return { token, expiresAt: expiresAt.toISOString() };
};

/**
 * The user must be an active user of the tenant, and the token may not give more than the caller has:
 * every permission of the user's roles must be one the caller holds (no escalation through embedding).
 */
async function checkUser(ctx: OpContext, userId: string): Promise<string> {
  const user = await loadUser(ctx.trx, ctx.principal.tenantId, userId);
  assertUserManageable(ctx, user);
  if (!user.active) throw new ApiError('invalid_state', 'This user is deactivated');
  const { matrix } = await ctx.services.tenants.get(ctx.principal.tenantId);
  const beyond = rolesOf(user.assignments)
    .flatMap((r) => matrix[r])
    .filter((p) => !ctx.can(p));
  if (beyond.length > 0) {
    throw new ApiError(
      'forbidden',
      `This user holds permissions you do not have (${[...new Set(beyond)].slice(0, 5).join(', ')})`,
    );
  }
  return user.id;
}

/** The client must be one of the tenant's that the caller may see (RLS hides the rest). */
async function checkClient(ctx: OpContext, clientId: string): Promise<string> {
  const row = await ctx.trx('clients').where({ tenantId: ctx.principal.tenantId, id: clientId }).first('id');
  if (!row) throw notFound('Client');
  return clientId;
}
