import { uuidv7 } from '#db/ids';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { checkTemplateClient, freeKey, presentTemplate, templateTags, type TemplateRow } from '#domains/mail/templates';

/** Creates an e-mail template; its merge tags were validated with the input, the key is derived when omitted. */
export const templateCreate: Handler<'template.create'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const clientId = input.clientId ?? null;
  await checkTemplateClient(ctx, clientId, 'clientId');
  if (input.key !== undefined && (await ctx.trx('templates').where({ tenantId, key: input.key }).first('id'))) {
    throw new ApiError('already_exists', `A template with key ${input.key} already exists`, {
      issues: [{ path: 'key', message: 'already used by another template', code: 'already_exists' }],
    });
  }
  const [row] = (await ctx
    .trx('templates')
    .insert({
      tenantId,
      id: uuidv7(),
      name: input.name,
      key: input.key ?? (await freeKey(ctx, input.name)),
      subject: input.subject,
      body: input.body.content,
      bodyType: input.body.contentType,
      mergeTags: templateTags(input.subject, input.body.content),
      status: 'active',
      ownerId: ctx.principal.userId,
      clientId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as TemplateRow[];
  const template = presentTemplate(row!);
  await ctx.audit({ targetType: 'template', targetId: template.id, after: template });
  return template;
};
