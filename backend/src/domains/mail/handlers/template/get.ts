import type { Handler } from '#http/types';
import { loadTemplate, presentTemplate } from '#domains/mail/templates';

/** Gets one e-mail template. */
export const templateGet: Handler<'template.get'> = async (input, ctx) =>
  presentTemplate(await loadTemplate(ctx, input.id));
