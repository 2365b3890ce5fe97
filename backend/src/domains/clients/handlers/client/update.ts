import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { assertUserReference } from '#domains/shared/referenceChecks';
import { presentClient, type ClientRow } from '#domains/clients/presenters';

/** Changes the name, code or details of a client; an archived client is read-only (409 invalid_state). */
export const clientUpdate: Handler<'client.update'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadForUpdate<ClientRow>(
    ctx.trx,
    'clients',
    tenantId,
    input.id,
    'Client',
    input.expectedVersion,
  );
  if (current.status === 'archived') throw new ApiError('invalid_state', 'This client is archived');
  if (input.ownerId) await assertUserReference(ctx, input.ownerId, 'ownerId');
  const [row] = (await ctx
    .trx('clients')
    .where({ tenantId, id: input.id })
    .update({
      name: input.name ?? current.name,
      code: input.code !== undefined ? input.code : current.code,
      domain: input.domain !== undefined ? input.domain : current.domain,
      ownerId: input.ownerId !== undefined ? input.ownerId : current.ownerId,
      version: current.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as ClientRow[];
  const after = presentClient(row!);
  await ctx.audit({ targetType: 'client', targetId: input.id, before: presentClient(current), after });
  return after;
};
