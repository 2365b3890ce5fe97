import type { Handler } from '#http/types';
import { assertUserReference } from '#domains/shared/referenceChecks';
import { presentContact, type ContactRow } from '#domains/crm/presenters';
import { accountReference, assertEmailFree, checkRecordClient, loadContact } from '#domains/crm/records';

/**
 * Changes a contact's details, account or opt-out state: opting out stamps `optOutAt`, opting back in clears
 * it. Moving to an account of a client moves the contact to that client.
 */
export const contactUpdate: Handler<'contact.update'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadContact(ctx, input.id, { forUpdate: true, expectedVersion: input.expectedVersion });
  let { accountId, clientId } = current;
  if (input.accountId !== undefined && input.accountId !== current.accountId) {
    const account = await accountReference(ctx, input.accountId, 'accountId');
    accountId = account.id;
    clientId = account.clientId ?? current.clientId;
    if (clientId !== current.clientId) await checkRecordClient(ctx, clientId, 'accountId');
  }
  if (input.ownerId) await assertUserReference(ctx, input.ownerId, 'ownerId');
  const email = input.email !== undefined ? input.email : current.email;
  if (email !== current.email || clientId !== current.clientId) await assertEmailFree(ctx, email, clientId, current.id);
  const optedOut = input.optedOut ?? current.optedOut;
  const optOutAt = optedOut ? (current.optOutAt ?? ctx.now) : null;
  const pick = <K extends keyof ContactRow>(key: K, value: ContactRow[K] | undefined) =>
    value !== undefined ? value : current[key];
  const [row] = (await ctx
    .trx('contacts')
    .where({ tenantId, id: input.id })
    .update({
      accountId,
      clientId,
      firstName: pick('firstName', input.firstName),
      lastName: pick('lastName', input.lastName),
      title: pick('title', input.title),
      email,
      phone: pick('phone', input.phone),
      timeZone: pick('timeZone', input.timeZone),
      locale: pick('locale', input.locale),
      optedOut,
      optOutAt,
      ownerId: pick('ownerId', input.ownerId),
      tags: input.tags !== undefined ? [...new Set(input.tags)] : current.tags,
      version: current.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as ContactRow[];
  const after = presentContact(row!);
  await ctx.audit({ targetType: 'contact', targetId: input.id, before: presentContact(current), after });
  return after;
};
