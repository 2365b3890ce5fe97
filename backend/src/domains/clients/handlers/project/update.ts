import { ApiError, invalidField } from '#http/errors';
import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentProject, type ProjectRow } from '#domains/clients/presenters';

/** Changes the name, code or dates of a project; an archived project is read-only (409 invalid_state). */
export const projectUpdate: Handler<'project.update'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const current = await loadForUpdate<ProjectRow>(
    ctx.trx,
    'projects',
    tenantId,
    input.id,
    'Project',
    input.expectedVersion,
  );
  if (current.archivedAt !== null) throw new ApiError('invalid_state', 'This project is archived');
  const startDate = input.startDate !== undefined ? input.startDate : current.startDate;
  const endDate = input.endDate !== undefined ? input.endDate : current.endDate;
  if (startDate !== null && endDate !== null && startDate > endDate) {
    throw invalidField('endDate', '`startDate` must not be after `endDate`');
  }
  const [row] = (await ctx
    .trx('projects')
    .where({ tenantId, id: input.id })
    .update({
      name: input.name ?? current.name,
      code: input.code !== undefined ? input.code : current.code,
      startDate,
      endDate,
      version: current.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as ProjectRow[];
  const after = presentProject(row!);
  await ctx.audit({ targetType: 'project', targetId: input.id, before: presentProject(current), after });
  return after;
};
