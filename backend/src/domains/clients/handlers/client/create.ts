import { uuidv7 } from '#db/ids';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { assertUserReference } from '#domains/shared/referenceChecks';
import { presentClient, type ClientRow } from '#domains/clients/presenters';

/** Creates a client of the agency (a duplicate `code` is 409 already_exists). */
export const clientCreate: Handler<'client.create'> = async (input, ctx) => {
  if (ctx.principal.clientIds !== null)
    throw new ApiError('forbidden', 'A client-confined caller cannot create clients');
  if (input.ownerId !== undefined) await assertUserReference(ctx, input.ownerId, 'ownerId');
  const [row] = (await ctx
    .trx('clients')
    .insert({
      tenantId: ctx.principal.tenantId,
      id: uuidv7(),
      name: input.name,
      code: input.code ?? null,
      domain: input.domain ?? null,
      ownerId: input.ownerId ?? null,
      status: 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as ClientRow[];
  const client = presentClient(row!);
  await ctx.audit({ targetType: 'client', targetId: client.id, after: client });
  return client;
};
