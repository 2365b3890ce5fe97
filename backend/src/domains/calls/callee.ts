import type { Knex } from 'knex';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { ApiError, invalidField, invalidReference } from '#http/errors';
import type { OpContext } from '#http/types';
import { canSeeClient } from '#domains/shared/records';

/** The contact a call is made to, as the call domain needs it. */
export type CalleeContact = {
  id: string;
  accountId: string;
  clientId: string | null;
  phone: string | null;
  optedOut: boolean;
  timeZone: string | null;
  customFields: Record<string, unknown>;
};

/** A stored phone number in E.164 (`+44 20 7946 0000` and `+442079460000` alike), or null when it is not one. */
export function e164(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const parsed = parsePhoneNumberFromString(phone);
  return parsed?.isPossible() ? parsed.number : null;
}

/** The contact if the caller can see it, or 422 on `contactId`. */
export async function loadCallee(ctx: OpContext, id: string): Promise<CalleeContact> {
  const row = (await ctx
    .trx('contacts')
    .where({ tenantId: ctx.principal.tenantId, id })
    .whereNull('mergedIntoId')
    .first('id', 'accountId', 'clientId', 'phone', 'optedOut', 'timeZone', 'customFields')) as
    CalleeContact | undefined;
  if (!row || !canSeeClient(ctx, row.clientId)) throw invalidReference('contactId', 'no such contact in this tenant');
  return row;
}

/** The number to dial: the one given, else the contact's (400 on `toNumber` when there is none to dial). */
export function numberToDial(toNumber: string | undefined, contact: CalleeContact | null): string {
  if (toNumber !== undefined) return toNumber;
  const phone = e164(contact?.phone);
  if (!phone) throw invalidField('toNumber', 'the contact has no phone number in E.164 form: give a toNumber');
  return phone;
}

/** 422 `recipient_suppressed` when the contact opted out or the number is on the suppression list. */
export async function assertCallable(
  trx: Knex.Transaction,
  tenantId: string,
  toNumber: string,
  contact: CalleeContact | null,
): Promise<void> {
  if (contact?.optedOut) throw new ApiError('recipient_suppressed', 'The contact opted out: they may not be called');
  const suppressed = await trx('suppressions').where({ tenantId, kind: 'phone', value: toNumber }).first('id');
  if (suppressed) throw new ApiError('recipient_suppressed', 'The number is on the suppression list');
}
