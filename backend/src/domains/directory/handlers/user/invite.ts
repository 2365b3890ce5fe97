import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { uuidv7 } from '#db/ids';
import { presentUser } from '#domains/directory/presenters';
import { loadUser, planAssignments, writeAssignments } from '#domains/directory/users';

/** Invites a person to the tenant with one or more roles and an optional client scope. */
export const userInvite: Handler<'user.invite'> = async (input, ctx) => {
  const { trx, now } = ctx;
  const tenantId = ctx.principal.tenantId;
  const email = input.email;
  const assignments = await planAssignments(ctx, input.roles, input.clientIds ?? null);
  const taken = await trx('users').where({ tenantId, email }).first('id');
  if (taken)
    throw new ApiError('already_exists', `A user with e-mail ${email} already exists in this tenant`, {
      field: 'email',
    });
  const tenant = (await trx('tenants').where({ id: tenantId }).first('timeZone')) as { timeZone: string };
  const id = uuidv7();
  await trx('users').insert({
    tenantId,
    id,
    email,
    displayName: input.displayName,
    timeZone: input.timeZone ?? tenant.timeZone,
    active: true,
    invitedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await writeAssignments(ctx, id, assignments);
  const user = presentUser(await loadUser(trx, tenantId, id));
  await ctx.audit({ targetType: 'user', targetId: id, after: user });
  return user;
};
