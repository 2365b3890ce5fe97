import type { Handler } from '#http/types';
import { presentContact } from '#domains/crm/presenters';
import { loadContact } from '#domains/crm/records';

/** Gets one live contact (404 when merged away, another tenant's, or outside a client role's clients). */
export const contactGet: Handler<'contact.get'> = async (input, ctx) =>
  presentContact(await loadContact(ctx, input.id));
