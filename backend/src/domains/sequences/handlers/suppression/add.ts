import { uuidv7 } from '#db/ids';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { referenceInvalid } from '#domains/shared/referenceChecks';
import { presentSuppression } from '#domains/sequences/presenters';
import type { SuppressionRow } from '#domains/sequences/rows';

/** Adds an address, domain or phone number to the suppression list (409 when it is already there). */
export const suppressionAdd: Handler<'suppression.add'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const value = input.kind === 'phone' ? input.value.replace(/[\s().-]/g, '') : input.value.toLowerCase();
  if (input.contactId) {
    const contact = await ctx.trx('contacts').where({ tenantId, id: input.contactId }).first('id');
    if (!contact) throw referenceInvalid('contactId', 'no such contact in this tenant');
  }
  const [row] = (await ctx
    .trx('suppressions')
    .insert({
      tenantId,
      id: uuidv7(),
      kind: input.kind,
      value,
      reason: input.reason,
      contactId: input.contactId ?? null,
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .onConflict(['tenantId', 'kind', 'value'])
    .ignore()
    .returning('*')) as SuppressionRow[];
  if (!row) throw new ApiError('already_exists', `${value} is already suppressed`);
  const dto = presentSuppression(row);
  await ctx.audit({ targetType: 'suppression', targetId: dto.id, after: dto });
  return dto;
};
