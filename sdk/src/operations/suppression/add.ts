import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Id, Phone } from '../../contract/common';
import { DomainName } from '../../schemas/crm';
import { Suppression, SuppressionReason } from '../../schemas/sequence';

export const add = defineOperation({
  id: 'suppression.add',
  kind: 'mutation',
  summary: 'Adds an e-mail address, domain or phone number to the suppression list.',
  input: z
    .object({
      kind: z.enum(['email', 'domain', 'phone']),
      value: z.string().trim().min(1).max(320),
      reason: SuppressionReason.default('manual'),
      contactId: Id.optional(),
    })
    .refine((v) => (v.kind === 'email' ? Email : v.kind === 'domain' ? DomainName : Phone).safeParse(v.value).success, {
      message: 'value does not match its kind',
      path: ['value'],
    }),
  output: Suppression,
  errors: ['already_exists', 'reference_invalid'],
  permission: 'suppression.manage',
  flag: 'sequences',
  emits: [],
  source: 'catalogue',
});
