import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { assertUserReference } from '#domains/shared/referenceChecks';
import { presentAccount, type AccountRow } from '#domains/crm/presenters';
import { checkRecordClient } from '#domains/crm/records';

/** Creates an account (of the agency, or of a client); the owner defaults to the calling user. */
export const accountCreate: Handler<'account.create'> = async (input, ctx) => {
  const clientId = input.clientId ?? null;
  await checkRecordClient(ctx, clientId, 'clientId');
  if (input.ownerId !== undefined) await assertUserReference(ctx, input.ownerId, 'ownerId');
  const [row] = (await ctx
    .trx('accounts')
    .insert({
      tenantId: ctx.principal.tenantId,
      id: uuidv7(),
      name: input.name,
      domain: input.domain ?? null,
      industry: input.industry ?? null,
      website: input.website ?? null,
      phone: input.phone ?? null,
      clientId,
      ownerId: input.ownerId ?? ctx.principal.userId,
      tags: [...new Set(input.tags)],
      customFields: JSON.stringify(input.customFields),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as AccountRow[];
  const account = presentAccount(row!);
  await ctx.audit({ targetType: 'account', targetId: account.id, after: account });
  return account;
};
