import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { assertClientReferences } from '#domains/shared/referenceChecks';
import { presentProject, type ProjectRow } from '#domains/clients/presenters';

/** Creates a project of an active client of the tenant (a duplicate `code` within the client is 409). */
export const projectCreate: Handler<'project.create'> = async (input, ctx) => {
  await assertClientReferences(ctx, [input.clientId], 'clientId');
  const [row] = (await ctx
    .trx('projects')
    .insert({
      tenantId: ctx.principal.tenantId,
      id: uuidv7(),
      clientId: input.clientId,
      name: input.name,
      code: input.code ?? null,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      status: 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as ProjectRow[];
  const project = presentProject(row!);
  await ctx.audit({ targetType: 'project', targetId: project.id, after: project });
  return project;
};
