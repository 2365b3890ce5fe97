import { isClientConfined, roles as allRoles, type Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { Principal } from '#http/types';
import { systemScope, withTenant } from '#db/tenantTx';

type UserRow = { id: string; email: string; active: boolean; roles: { role: Role; clientId: string | null }[] };

/** Turns a user's role assignments into the roles and client scope of a principal. */
export function principalFromAssignments(tenantId: string, user: UserRow): Principal {
  const held = [...new Set(user.roles.map((r) => r.role))].filter((r): r is Role => allRoles.includes(r));
  const confined = isClientConfined(held);
  const clientIds = confined
    ? [...new Set(user.roles.map((r) => r.clientId).filter((c): c is string => c !== null))]
    : null;
  return { kind: 'user', tenantId, userId: user.id, roles: held, clientIds, actor: `user:${user.id}` };
}

const userSql = `
  select u.id, u.email, u.active,
    coalesce(json_agg(json_build_object('role', r.role, 'clientId', r.client_id)) filter (where r.role is not null), '[]') as roles
  from users u left join role_assignments r on r.tenant_id = u.tenant_id and r.user_id = u.id
  where u.tenant_id = ? and {cond}
  group by u.tenant_id, u.id`;

/** Finds a user of the tenant by the token's object id; an Entra user seen first is linked by email. */
export async function findUserForToken(
  knex: Knex,
  tenantId: string,
  oid: string,
  email: string | undefined,
  linkByEmail: boolean,
): Promise<UserRow | undefined> {
  return withTenant(knex, systemScope(tenantId), async (trx) => {
    const byOid = await trx.raw(userSql.replace('{cond}', 'u.entra_object_id = ?'), [tenantId, oid]);
    if (byOid.rows[0]) return byOid.rows[0] as UserRow;
    if (!linkByEmail || !email) return undefined;
    const linked = await trx('users')
      .where({ tenantId, email: email.toLowerCase() })
      .whereNull('entraObjectId')
      .update({ entraObjectId: oid, updatedAt: trx.fn.now() })
      .returning('id');
    if (linked.length === 0) return undefined;
    const byEmail = await trx.raw(userSql.replace('{cond}', 'u.entra_object_id = ?'), [tenantId, oid]);
    return byEmail.rows[0] as UserRow | undefined;
  });
}

/** Loads a user of the tenant by id with its role assignments. */
export async function findUserById(knex: Knex, tenantId: string, userId: string): Promise<UserRow | undefined> {
  return withTenant(knex, systemScope(tenantId), async (trx) => {
    const res = await trx.raw(userSql.replace('{cond}', 'u.id = ?'), [tenantId, userId]);
    return res.rows[0] as UserRow | undefined;
  });
}
