import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentApiKey, type ApiKeyRow } from '#domains/directory/presenters';
import { invalidateAuth } from '#domains/directory/users';

/** Revokes an API key; requests made with it fail (401) from then on. */
export const apiKeyRevoke: Handler<'apiKey.revoke'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadForUpdate<ApiKeyRow & { version?: number }>(
    ctx.trx,
    'apiKeys',
    tenantId,
    input.id,
    'API key',
  );
  if (current.revokedAt) throw new ApiError('invalid_state', 'This API key is already revoked');
  const [row] = (await ctx
    .trx('apiKeys')
    .where({ tenantId, id: input.id })
    .update({ revokedAt: ctx.now, updatedAt: ctx.now })
    .returning('*')) as ApiKeyRow[];
  const after = presentApiKey(row!);
  invalidateAuth(ctx);
  await ctx.audit({ targetType: 'apiKey', targetId: input.id, before: presentApiKey(current), after });
  return after;
};
