import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { presentApiKey, type ApiKeyRow } from '#domains/directory/presenters';

/**
 * Lists the API keys of the tenant, newest first (never their hashes or secrets). The keys span every client:
 * a client-confined caller may not list them, whatever its role.
 */
export const apiKeyList: Handler<'apiKey.list'> = async (input, ctx) => {
  if (ctx.principal.clientIds !== null) {
    throw new ApiError('forbidden', 'apiKey.list is not available to a caller confined to some clients');
  }
  const query = ctx.trx('apiKeys').where({ tenantId: ctx.principal.tenantId });
  if (!input.includeRevoked) query.whereNull('revokedAt');
  applyKeyset(query, { id: 'uuid' }, input.cursor, 'desc').limit(input.limit + 1);
  const rows = (await query) as ApiKeyRow[];
  return pageOf(rows, input.limit, (r) => [r.id], presentApiKey);
};
