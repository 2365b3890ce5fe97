import type { Handler } from '#http/types';
import { loadTemplate, presentTemplate, type TemplateRow } from '#domains/mail/templates';

/** Archives a template (idempotent: archiving an archived template changes nothing). */
export const templateArchive: Handler<'template.archive'> = async (input, ctx) => {
  const current = await loadTemplate(ctx, input.id, { forUpdate: true, expectedVersion: input.expectedVersion });
  if (current.status === 'archived') return presentTemplate(current);
  const [row] = (await ctx
    .trx('templates')
    .where({ tenantId: ctx.principal.tenantId, id: input.id })
    .update({
      status: 'archived',
      archivedAt: ctx.now,
      version: current.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as TemplateRow[];
  const after = presentTemplate(row!);
  await ctx.audit({ targetType: 'template', targetId: input.id, before: presentTemplate(current), after });
  return after;
};
