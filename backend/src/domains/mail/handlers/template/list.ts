import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { containsPattern } from '#domains/shared/textSearch';
import { presentTemplate, type TemplateRow } from '#domains/mail/templates';

/** Lists templates by name, filtered by name or key and client; archived ones only with `includeArchived`. */
export const templateList: Handler<'template.list'> = async (input, ctx) => {
  const query = ctx.trx('templates').where({ tenantId: ctx.principal.tenantId });
  // Client-confined callers see their clients' templates and the agency-wide ones.
  const scope = ctx.principal.clientIds;
  if (scope !== null) query.where((w) => w.whereNull('clientId').orWhereIn('clientId', scope));
  if (input.q !== undefined) {
    const pattern = containsPattern(input.q);
    query.where((w) => w.whereRaw('name ilike ?', [pattern]).orWhereRaw('key ilike ?', [pattern]));
  }
  if (input.clientId !== undefined) query.where('clientId', input.clientId);
  if (!input.includeArchived) query.where('status', 'active');
  applyKeyset(query, { name: 'text', id: 'uuid' }, input.cursor).limit(input.limit + 1);
  const rows = (await query) as TemplateRow[];
  return pageOf(rows, input.limit, (r) => [r.name, r.id], presentTemplate);
};
