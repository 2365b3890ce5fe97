import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import {
  checkTemplateClient,
  loadTemplate,
  presentTemplate,
  templateTags,
  type TemplateRow,
} from '#domains/mail/templates';

/** Changes a template's name, subject, body or client; an archived template is read-only (409 invalid_state). */
export const templateUpdate: Handler<'template.update'> = async (input, ctx) => {
  const current = await loadTemplate(ctx, input.id, { forUpdate: true, expectedVersion: input.expectedVersion });
  if (current.status === 'archived') throw new ApiError('invalid_state', 'An archived template cannot be changed');
  if (input.clientId !== undefined && input.clientId !== current.clientId)
    await checkTemplateClient(ctx, input.clientId, 'clientId');
  const subject = input.subject ?? current.subject;
  const body = input.body ?? { contentType: current.bodyType, content: current.body };
  const [row] = (await ctx
    .trx('templates')
    .where({ tenantId: ctx.principal.tenantId, id: input.id })
    .update({
      name: input.name ?? current.name,
      subject,
      body: body.content,
      bodyType: body.contentType,
      mergeTags: templateTags(subject, body.content),
      clientId: input.clientId !== undefined ? input.clientId : current.clientId,
      version: current.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as TemplateRow[];
  const after = presentTemplate(row!);
  await ctx.audit({ targetType: 'template', targetId: input.id, before: presentTemplate(current), after });
  return after;
};
