import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { assertUserReference, referenceInvalid } from '#domains/shared/referenceChecks';
import { presentContact, type ContactRow } from '#domains/crm/presenters';
import { accountReference, assertEmailFree, checkRecordClient } from '#domains/crm/records';

/**
 * Creates a contact at an account. Its client is the account's (an agency account may hold contacts of any
 * client); the e-mail is stored lowercased and must be free among the client's live contacts (409).
 */
export const contactCreate: Handler<'contact.create'> = async (input, ctx) => {
  const account = await accountReference(ctx, input.accountId, 'accountId');
  const clientId = input.clientId !== undefined ? input.clientId : account.clientId;
  if (account.clientId !== null && clientId !== account.clientId)
    throw referenceInvalid('clientId', "must be the account's client");
  await checkRecordClient(ctx, clientId, 'clientId');
  if (input.ownerId !== undefined) await assertUserReference(ctx, input.ownerId, 'ownerId');
  const email = input.email ?? null;
  await assertEmailFree(ctx, email, clientId);
  const [row] = (await ctx
    .trx('contacts')
    .insert({
      tenantId: ctx.principal.tenantId,
      id: uuidv7(),
      accountId: account.id,
      clientId,
      firstName: input.firstName,
      lastName: input.lastName,
      title: input.title ?? null,
      email,
      phone: input.phone ?? null,
      timeZone: input.timeZone ?? null,
      locale: input.locale ?? null,
      ownerId: input.ownerId ?? ctx.principal.userId,
      tags: [...new Set(input.tags)],
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as ContactRow[];
  const contact = presentContact(row!);
  await ctx.audit({ targetType: 'contact', targetId: contact.id, after: contact });
  return contact;
};
