import type { EmailTemplate } from '@pivotal-pm/sdk';
import { usedMergeTags } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { iso, isoRequired } from '#domains/shared/present';
import { assertClientReferences } from '#domains/shared/referenceChecks';
import { tableColumns } from '#db/tableColumns';
import { isUuid } from '#db/ids';

/** A `templates` row. */
export type TemplateRow = {
  tenantId: string;
  id: string;
  name: string;
  key: string;
  subject: string;
  body: string;
  bodyType: 'html' | 'text';
  mergeTags: string[];
  status: 'active' | 'archived';
  ownerId: string | null;
  clientId: string | null;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `TemplateRow` (`templates`). */
export const templateColumns = tableColumns<TemplateRow>()('templates', [
  'tenantId',
  'id',
  'name',
  'key',
  'subject',
  'body',
  'bodyType',
  'mergeTags',
  'status',
  'ownerId',
  'clientId',
  'archivedAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A template row as the `EmailTemplate` DTO. */
export function presentTemplate(row: TemplateRow): EmailTemplate {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    key: row.key,
    subject: row.subject,
    body: { contentType: row.bodyType, content: row.body },
    mergeTags: row.mergeTags,
    ownerId: row.ownerId,
    clientId: row.clientId,
    archivedAt: iso(row.archivedAt),
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}

/** The merge tags a subject and body use, stored with the template so senders know what data it needs. */
export function templateTags(subject: string, body: string): string[] {
  return usedMergeTags(subject, body);
}

/** A key from a name: `Follow-up #2` becomes `tpl_follow_up_2`. */
export function keyFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
  return `tpl_${slug || 'template'}`;
}

/** A key derived from the name that no template of the tenant uses yet (`_2`, `_3`, ... appended). */
export async function freeKey(ctx: OpContext, name: string): Promise<string> {
  const base = keyFromName(name);
  const taken = new Set(
    (await ctx
      .trx('templates')
      .where({ tenantId: ctx.principal.tenantId })
      .where('key', 'like', `${base}%`)
      .pluck('key')) as string[],
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Throws 422 unless the client exists and the caller may see it (null: an agency-wide template). */
export async function checkTemplateClient(ctx: OpContext, clientId: string | null, path: string): Promise<void> {
  if (clientId !== null) await assertClientReferences(ctx, [clientId], path);
}

/** Loads a template of the caller's tenant (404 otherwise), locked for update when asked. */
export async function loadTemplate(
  ctx: OpContext,
  id: string,
  options: { forUpdate?: boolean; expectedVersion?: number } = {},
): Promise<TemplateRow> {
  const query = ctx.trx('templates').where({ tenantId: ctx.principal.tenantId, id });
  if (options.forUpdate) query.forUpdate();
  const row = (await query.first()) as TemplateRow | undefined;
  if (
    !row ||
    (row.clientId !== null && ctx.principal.clientIds !== null && !ctx.principal.clientIds.includes(row.clientId))
  )
    throw notFound('Template');
  if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
    throw new ApiError('version_conflict', `Template is at version ${row.version}, not ${options.expectedVersion}`, {
      currentVersion: row.version,
    });
  }
  return row;
}

/** What a sender needs of a template found by reference. */
export type TemplateCandidate = Pick<TemplateRow, 'id' | 'key' | 'name' | 'clientId' | 'subject' | 'body'>;

/** The active templates of a tenant that any of `refs` names by id, key or name (one query; pick with `pickTemplate`). */
export async function templateCandidates(
  db: Knex | Knex.Transaction,
  tenantId: string,
  refs: readonly string[],
): Promise<TemplateCandidate[]> {
  const wanted = [...new Set(refs)];
  if (wanted.length === 0) return [];
  const ids = wanted.filter((r) => isUuid(r));
  return (await db('templates')
    .where({ tenantId, status: 'active' })
    .where((q) => q.whereIn('id', ids).orWhereIn('key', wanted).orWhereIn('name', wanted))
    .orderBy('id')
    .select('id', 'key', 'name', 'clientId', 'subject', 'body')) as TemplateCandidate[];
}

/**
 * The template `ref` names among `candidates` that `visible` allows (by its client): its id, else its key, else
 * (definitions saved before keys existed) the first template by id with that name.
 */
export function pickTemplate<T extends TemplateCandidate>(
  candidates: readonly T[],
  ref: string,
  visible: (clientId: string | null) => boolean,
): T | undefined {
  const allowed = candidates.filter((t) => visible(t.clientId));
  return allowed.find((t) => t.id === ref) ?? allowed.find((t) => t.key === ref) ?? allowed.find((t) => t.name === ref);
}

/** Who may use a template in a sequence of `clientId`: agency-wide templates and that client's own. */
export const sequenceMayUse =
  (clientId: string | null) =>
  (templateClientId: string | null): boolean =>
    templateClientId === null || templateClientId === clientId;
