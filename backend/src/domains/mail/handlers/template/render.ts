import type { Handler } from '#http/types';
import { referenceInvalid } from '#domains/shared/referenceChecks';
import { contactsByAddress, mergeValues, render } from '#domains/mail/send/compose';
import { loadTemplate } from '#domains/mail/templates';

/**
 * Fills a template's merge tags for the first recipient who is a contact, the opportunity when given and the caller
 * as sender: what `mail.message.send` with this template would send now, for the Outlook pane to insert into the
 * email being written. Another tenant's template is not found; an archived one is refused.
 */
export const templateRender: Handler<'template.render'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const template = await loadTemplate(ctx, input.templateId);
  if (template.archivedAt) throw referenceInvalid('templateId', 'the template is archived');
  if (
    input.opportunityId !== undefined &&
    !(await ctx.trx('opportunities').where({ tenantId, id: input.opportunityId }).first('id'))
  ) {
    throw referenceInvalid('opportunityId', 'no such opportunity');
  }
  const contacts = await contactsByAddress(ctx.trx, tenantId, input.to);
  const first =
    input.to.map((address) => contacts.find((c) => c.email === address)).find((c) => c !== undefined) ?? null;
  const content = { subject: template.subject, body: { contentType: template.bodyType, content: template.body } };
  const values = await mergeValues(
    ctx.trx,
    {
      tenantId,
      contactId: first?.id ?? null,
      opportunityId: input.opportunityId ?? null,
      senderUserId: ctx.principal.userId,
      today: ctx.now,
      contact: first ?? undefined,
    },
    [content.subject, content.body.content],
  );
  const { subject, bodyHtml } = render(content, values, undefined);
  return { subject, bodyHtml, contactId: first?.id ?? null };
};
