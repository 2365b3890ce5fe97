import { type AudienceCondition, type AudienceMember, AudienceQuery, audienceFieldKind } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { invalidField } from '#http/errors';
import { escapeLike } from '#domains/shared/textSearch';

/** Columns of the fields an audience tests (`c` the contact, `a` its account, `o` an open opportunity of the account). */
const COLUMNS: Record<string, string> = {
  'contact.title': 'c.title',
  'contact.email': 'c.email',
  'contact.timeZone': 'c.time_zone',
  'contact.locale': 'c.locale',
  'contact.clientId': 'c.client_id',
  'contact.accountId': 'c.account_id',
  'contact.createdAt': 'c.created_at',
  'account.name': 'a.name',
  'account.domain': 'a.domain',
  'account.ownerId': 'a.owner_id',
  'account.clientId': 'a.client_id',
  'opportunity.stage': 'o.stage',
  'opportunity.pipelineId': 'o.pipeline_id',
  'opportunity.ownerId': 'o.owner_id',
  'opportunity.projectId': 'o.project_id',
};

/** A stored audience as the DTO: rows saved before audiences were typed (`{}`) read as "no audience". */
export function readAudience(stored: unknown): AudienceQuery {
  const parsed = AudienceQuery.safeParse(stored ?? {});
  return parsed.success ? parsed.data : { match: 'all', conditions: [] };
}

/** One condition as SQL with its bindings (the field was checked against the known list by the schema). */
function conditionSql(c: AudienceCondition): { sql: string; bindings: Knex.Value[] } {
  const custom = /^(contact|account)\.customFields\.(.+)$/.exec(c.field);
  const column = custom ? `${custom[1] === 'contact' ? 'c' : 'a'}.custom_fields ->> ?` : COLUMNS[c.field];
  if (!column) throw invalidField('audience', `unknown audience field ${c.field}`, 'unknown_field');
  const colBindings: Knex.Value[] = custom ? [custom[2]!] : [];
  const kind = audienceFieldKind(c.field);
  // Text compares case-insensitively; ids and dates as they are.
  const col = kind === 'text' ? `lower(${column})` : column;
  const val = (v: unknown): Knex.Value => (kind === 'text' ? String(v).toLowerCase() : (v as Knex.Value));
  const cast = kind === 'id' ? '::uuid' : kind === 'date' ? '::timestamptz' : '';
  let sql: string;
  const bindings: Knex.Value[] = [...colBindings];
  switch (c.op) {
    case 'eq':
      sql = `${col} = ?${cast}`;
      bindings.push(val(c.value));
      break;
    case 'neq':
      sql = `${col} IS DISTINCT FROM ?${cast}`;
      bindings.push(val(c.value));
      break;
    case 'in':
    case 'notIn': {
      // Knex expands an array binding into a list: one placeholder per value.
      const values = (c.value as unknown[]).map(val);
      const list = `ARRAY[${values.map(() => '?').join(', ')}]${kind === 'id' ? '::uuid[]' : '::text[]'}`;
      sql = c.op === 'in' ? `${col} = ANY (${list})` : `NOT coalesce(${col} = ANY (${list}), false)`;
      bindings.push(...values);
      break;
    }
    case 'contains':
      sql = `${col} LIKE ?`;
      bindings.push(`%${escapeLike(String(val(c.value)))}%`);
      break;
    case 'startsWith':
      sql = `${col} LIKE ?`;
      bindings.push(`${escapeLike(String(val(c.value)))}%`);
      break;
    case 'endsWith':
      sql = `${col} LIKE ?`;
      bindings.push(`%${escapeLike(String(val(c.value)))}`);
      break;
    case 'exists':
      sql = kind === 'text' ? `coalesce(${column}, '') <> ''` : `${column} IS NOT NULL`;
      break;
    case 'notExists':
      sql = kind === 'text' ? `coalesce(${column}, '') = ''` : `${column} IS NULL`;
      break;
    case 'before':
      sql = `${col} < ?::timestamptz`;
      bindings.push(c.value as Knex.Value);
      break;
    case 'after':
      sql = `${col} > ?::timestamptz`;
      bindings.push(c.value as Knex.Value);
      break;
  }
  if (c.field.startsWith('opportunity.')) {
    // The contact's account has an open opportunity matching it (negations: has none that matches the positive form).
    return {
      sql: `EXISTS (SELECT 1 FROM opportunities o WHERE o.tenant_id = c.tenant_id AND o.account_id = c.account_id AND o.status = 'open' AND ${sql})`,
      bindings,
    };
  }
  return { sql, bindings };
}

/**
 * The contacts an audience selects, as a query over `contacts c JOIN accounts a` (RLS adds the caller's tenant and
 * client scope). Merged contacts never match; a client's sequence only reaches that client's contacts. Throws 400
 * when the audience has no condition.
 */
export function audienceQuery(
  trx: Knex.Transaction,
  tenantId: string,
  audience: AudienceQuery,
  clientId: string | null,
  path = 'audience',
): Knex.QueryBuilder {
  if (audience.conditions.length === 0) {
    throw invalidField(`${path}.conditions`, 'the audience has no condition: give at least one', 'too_small');
  }
  const parts = audience.conditions.map(conditionSql);
  const joiner = audience.match === 'all' ? ' AND ' : ' OR ';
  const query = trx('contacts as c')
    .join('accounts as a', (j) => j.on('a.tenant_id', 'c.tenant_id').andOn('a.id', 'c.account_id'))
    .where('c.tenant_id', tenantId)
    .whereNull('c.merged_into_id')
    .whereRaw(
      `(${parts.map((p) => `(${p.sql})`).join(joiner)})`,
      parts.flatMap((p) => p.bindings),
    );
  if (clientId)
    query.where((q) =>
      q.where('c.client_id', clientId).orWhere((q2) => q2.whereNull('c.client_id').where('a.client_id', clientId)),
    );
  return query;
}

/** An audience row as the member DTO. */
export type AudienceRow = {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  accountId: string;
  accountName: string;
  optedOut: boolean;
};

export const audienceColumns = [
  'c.id as contactId',
  'c.first_name as firstName',
  'c.last_name as lastName',
  'c.email',
  'c.account_id as accountId',
  'a.name as accountName',
  'c.opted_out as optedOut',
];

export function presentMember(r: AudienceRow): AudienceMember {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ') || r.email || '';
  return {
    contactId: r.contactId,
    name,
    email: r.email,
    accountId: r.accountId,
    accountName: r.accountName,
    optedOut: r.optedOut,
  };
}
