import { featureFlags, permissions } from '@pivotal-pm/sdk';
import type { Handler } from '#http/types';
import { presentUser } from '#domains/directory/presenters';
import { loadUser } from '#domains/directory/users';

/** Answers the caller: user, tenant, roles, client scope, effective permissions and enabled flags. */
export const meGet: Handler<'me.get'> = async (_input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  const user = userId === null ? null : await loadUser(ctx.trx, tenantId, userId);
  const tenant = (await ctx.trx('tenants').where({ id: tenantId }).first('id', 'name', 'slug')) as {
    id: string;
    name: string;
    slug: string;
  };
  return {
    user: user === null ? null : presentUser(user),
    principal: { kind: ctx.principal.kind, actor: ctx.principal.actor },
    tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
    roles: ctx.principal.roles,
    clientIds: ctx.principal.clientIds,
    permissions: permissions.filter((p) => ctx.can(p)),
    flags: featureFlags.filter((f) => ctx.flags[f]),
  };
};
