import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentProject, type ProjectRow } from '#domains/clients/presenters';

/** Archives a project: hidden from lists and pickers, history kept. Archiving it again changes nothing. */
export const projectArchive: Handler<'project.archive'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadForUpdate<ProjectRow>(
    ctx.trx,
    'projects',
    tenantId,
    input.id,
    'Project',
    input.expectedVersion,
  );
  const before = presentProject(current);
  if (current.archivedAt !== null) return before;
  const [row] = (await ctx
    .trx('projects')
    .where({ tenantId, id: input.id })
    .update({ status: 'archived', archivedAt: ctx.now, version: current.version + 1, updatedAt: ctx.now })
    .returning('*')) as ProjectRow[];
  const after = presentProject(row!);
  await ctx.audit({ targetType: 'project', targetId: input.id, before, after });
  return after;
};
