import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { containsPattern } from '#domains/shared/textSearch';
import { presentProject, type ProjectRow } from '#domains/clients/presenters';

/**
 * Lists projects by name, optionally of one client. Archived projects, and projects of archived clients,
 * appear only with `includeArchived`. Client roles see only their clients' projects (RLS).
 */
export const projectList: Handler<'project.list'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const query = ctx.trx('projects as p').where('p.tenantId', tenantId).select('p.*');
  if (input.clientId !== undefined) query.where('p.clientId', input.clientId);
  if (!input.includeArchived) {
    query
      .whereNull('p.archivedAt')
      .whereExists((q) =>
        q
          .select(ctx.trx.raw('1'))
          .from('clients as c')
          .whereRaw('c.tenant_id = p.tenant_id and c.id = p.client_id')
          .where('c.status', 'active'),
      );
  }
  if (input.q !== undefined) {
    const pattern = containsPattern(input.q);
    query.where((w) => w.whereRaw('p.name ilike ?', [pattern]).orWhereRaw('p.code ilike ?', [pattern]));
  }
  applyKeyset(query, { 'p.name': 'text', 'p.id': 'uuid' }, input.cursor).limit(input.limit + 1);
  const rows = (await query) as ProjectRow[];
  return pageOf(rows, input.limit, (r) => [r.name, r.id], presentProject);
};
