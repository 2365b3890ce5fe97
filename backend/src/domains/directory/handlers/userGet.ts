import type { Handler } from '../../../http/types';
import { presentUser } from '../presenters';
import { loadUser } from '../users';

/** Gets one person of the tenant with their roles and client scope. */
export const userGet: Handler<'user.get'> = async (input, ctx) => presentUser(await loadUser(ctx.trx, ctx.principal.tenantId, input.id));
