import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentProject, type ProjectRow } from '#domains/clients/presenters';

/** Gets one project (RLS hides other tenants' projects and, from client roles, other clients' ones). */
export const projectGet: Handler<'project.get'> = async (input, ctx) => {
  const row = (await ctx.trx('projects').where({ tenantId: ctx.principal.tenantId, id: input.id }).first()) as
    ProjectRow | undefined;
  if (!row) throw notFound('Project');
  return presentProject(row);
};
