import { randomBytes } from 'node:crypto';
import { hashSecret } from '#auth/authenticator';
import { uuidv7 } from '#db/ids';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { assertClientReferences } from '#domains/shared/referenceChecks';
import { keyPrefix, presentApiKey, type ApiKeyRow } from '#domains/directory/presenters';

/** Creates a server-to-server API key with one role and an optional client scope; the secret is shown once. */
export const apiKeyCreate: Handler<'apiKey.create'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  if (input.role === 'admin' && !ctx.principal.roles.includes('admin')) {
    throw new ApiError('forbidden', 'Only an admin may create an admin key');
  }
  const clientIds = input.clientIds ? [...new Set(input.clientIds)] : null;
  if (ctx.principal.clientIds !== null && clientIds === null) {
    throw new ApiError('forbidden', 'A client-confined caller may only create keys confined to its clients');
  }
  await assertClientReferences(ctx, clientIds ?? [], 'clientIds');
  const id = uuidv7();
  const secret = randomBytes(32).toString('base64url');
  const [row] = (await ctx
    .trx('apiKeys')
    .insert({
      tenantId,
      id,
      name: input.name,
      keyHash: hashSecret(secret),
      role: input.role,
      clientIds,
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as ApiKeyRow[];
  const key = presentApiKey(row!);
  await ctx.audit({ targetType: 'apiKey', targetId: id, after: key });
  return { ...key, secret: `${keyPrefix(id)}.${secret}` };
};
