import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentClient, type ClientRow } from '#domains/clients/presenters';

/** Archives a client: hidden from lists and pickers, history kept. Archiving it again changes nothing. */
export const clientArchive: Handler<'client.archive'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadForUpdate<ClientRow>(
    ctx.trx,
    'clients',
    tenantId,
    input.id,
    'Client',
    input.expectedVersion,
  );
  const before = presentClient(current);
  if (current.status === 'archived') return before;
  const [row] = (await ctx
    .trx('clients')
    .where({ tenantId, id: input.id })
    .update({ status: 'archived', archivedAt: ctx.now, version: current.version + 1, updatedAt: ctx.now })
    .returning('*')) as ClientRow[];
  const after = presentClient(row!);
  await ctx.audit({ targetType: 'client', targetId: input.id, before, after });
  return after;
};
