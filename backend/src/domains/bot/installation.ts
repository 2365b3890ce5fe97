import { ApiError } from '#http/errors';
import type { OpContext } from '#http/types';

/** The signed-in user a bot installation belongs to; an API key acting as itself has no personal chat (403). */
export function installingUser(ctx: OpContext): string {
  const userId = ctx.principal.userId;
  if (!userId) throw new ApiError('forbidden', `${ctx.operationId} needs a signed-in user`);
  return userId;
}
