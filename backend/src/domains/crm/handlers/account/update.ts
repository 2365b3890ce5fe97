import type { Handler } from '#http/types';
import { assertUserReference } from '#domains/shared/referenceChecks';
import { presentAccount, type AccountRow } from '#domains/crm/presenters';
import { checkRecordClient, loadAccount } from '#domains/crm/records';

/** Changes an account's name, domain, details, client, owner, tags or custom fields. */
export const accountUpdate: Handler<'account.update'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadAccount(ctx, input.id, { forUpdate: true, expectedVersion: input.expectedVersion });
  if (input.clientId !== undefined && input.clientId !== current.clientId)
    await checkRecordClient(ctx, input.clientId, 'clientId');
  if (input.ownerId) await assertUserReference(ctx, input.ownerId, 'ownerId');
  const pick = <K extends keyof AccountRow>(key: K, value: AccountRow[K] | undefined) =>
    value !== undefined ? value : current[key];
  const [row] = (await ctx
    .trx('accounts')
    .where({ tenantId, id: input.id })
    .update({
      name: pick('name', input.name),
      domain: pick('domain', input.domain),
      industry: pick('industry', input.industry),
      website: pick('website', input.website),
      phone: pick('phone', input.phone),
      clientId: pick('clientId', input.clientId),
      ownerId: pick('ownerId', input.ownerId),
      tags: input.tags !== undefined ? [...new Set(input.tags)] : current.tags,
      customFields: JSON.stringify(pick('customFields', input.customFields)),
      version: current.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as AccountRow[];
  const after = presentAccount(row!);
  await ctx.audit({ targetType: 'account', targetId: input.id, before: presentAccount(current), after });
  return after;
};
