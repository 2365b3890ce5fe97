import { z } from 'zod';
import { Id, Timestamp } from '../contract/common';

/**
 * The fields an audience condition can test. `contact.*` and `account.*` read the contact and its account;
 * `opportunity.*` holds when the contact's account has an open opportunity matching it; `*.customFields.<key>`
 * read a custom field as text.
 */
export const AUDIENCE_TEXT_FIELDS = [
  'contact.title',
  'contact.email',
  'contact.timeZone',
  'contact.locale',
  'account.name',
  'account.domain',
  'opportunity.stage',
] as const;
export const AUDIENCE_ID_FIELDS = [
  'contact.clientId',
  'contact.accountId',
  'account.ownerId',
  'account.clientId',
  'opportunity.pipelineId',
  'opportunity.ownerId',
  'opportunity.projectId',
] as const;
export const AUDIENCE_DATE_FIELDS = ['contact.createdAt'] as const;
const CUSTOM_FIELD = /^(contact|account)\.customFields\.[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** What a condition does with its field. */
export const AudienceOperator = z.enum([
  'eq',
  'neq',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
  'exists',
  'notExists',
  'before',
  'after',
]);
export type AudienceOperator = z.infer<typeof AudienceOperator>;

const TEXT_OPS: readonly AudienceOperator[] = [
  'eq',
  'neq',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
  'exists',
  'notExists',
];
const ID_OPS: readonly AudienceOperator[] = ['eq', 'neq', 'in', 'notIn', 'exists', 'notExists'];
const DATE_OPS: readonly AudienceOperator[] = ['before', 'after'];

/** The kind of a field, which decides its operators and value: null when the field is unknown. */
export function audienceFieldKind(field: string): 'text' | 'id' | 'date' | null {
  if ((AUDIENCE_TEXT_FIELDS as readonly string[]).includes(field) || CUSTOM_FIELD.test(field)) return 'text';
  if ((AUDIENCE_ID_FIELDS as readonly string[]).includes(field)) return 'id';
  if ((AUDIENCE_DATE_FIELDS as readonly string[]).includes(field)) return 'date';
  return null;
}

const Text = z.string().trim().min(1).max(200);

/** One condition: `{ field, op, value }` (`exists` / `notExists` take no value; `in` / `notIn` take a list). */
export const AudienceCondition = z
  .object({ field: z.string().max(100), op: AudienceOperator, value: z.unknown().optional() })
  .superRefine((c, ctx) => {
    const kind = audienceFieldKind(c.field);
    if (!kind) {
      ctx.addIssue({
        code: 'custom',
        path: ['field'],
        message: `unknown field; use one of ${[...AUDIENCE_TEXT_FIELDS, ...AUDIENCE_ID_FIELDS, ...AUDIENCE_DATE_FIELDS].join(', ')} or contact.customFields.<key>`,
      });
      return;
    }
    const ops = kind === 'text' ? TEXT_OPS : kind === 'id' ? ID_OPS : DATE_OPS;
    if (!ops.includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${c.field} takes ${ops.join(', ')}` });
      return;
    }
    if (c.op === 'exists' || c.op === 'notExists') {
      if (c.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} takes no value` });
      return;
    }
    const one = kind === 'text' ? Text : kind === 'id' ? Id : Timestamp;
    const value = c.op === 'in' || c.op === 'notIn' ? z.array(one).min(1).max(100) : one;
    const parsed = value.safeParse(c.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({
          code: 'custom',
          path: ['value', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: issue.message,
        });
    }
  });
export type AudienceCondition = z.infer<typeof AudienceCondition>;

/**
 * A sequence's saved audience (the spec's `json_query`): contacts matching all (or any) of the conditions. No
 * conditions: no saved audience. Merged contacts never match; opted-out, suppressed and address-less ones are
 * skipped with their reason on enrollment.
 */
export const AudienceQuery = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(AudienceCondition).max(20).default([]),
});
export type AudienceQuery = z.infer<typeof AudienceQuery>;

/** A contact an audience selects. */
export const AudienceMember = z.object({
  contactId: Id,
  name: z.string(),
  email: z.string().nullable(),
  accountId: Id,
  accountName: z.string(),
  optedOut: z.boolean(),
});
export type AudienceMember = z.infer<typeof AudienceMember>;
