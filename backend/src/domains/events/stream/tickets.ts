import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { hashSecret } from '#auth/authenticator';
import { UUID_PATTERN, uuidv7 } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { ApiError } from '#http/errors';
import type { Principal } from '#http/types';

/** How long a ticket may wait before it opens its stream. */
export const TICKET_TTL_SECONDS = 60;

/** `pst_<tenant>.<id>.<secret>`: the tenant and id find the row, the secret proves the holder minted it. */
const TICKET = new RegExp(`^pst_(${UUID_PATTERN})\\.(${UUID_PATTERN})\\.([A-Za-z0-9_-]{43})$`);

const StoredPrincipal = z.object({
  kind: z.enum(['user', 'apiKey', 'embed']),
  tenantId: z.uuid(),
  userId: z.uuid().nullable(),
  roles: z.array(z.string()),
  clientIds: z.array(z.uuid()).nullable(),
  actor: z.string(),
});

const refused = () => new ApiError('unauthenticated', 'The stream ticket is unknown, used or expired: mint a new one');

/** Mints a one-time ticket standing for `principal` (tickets of the tenant that expired are swept on the way). */
export async function issueStreamTicket(
  knex: Knex,
  principal: Principal,
  now = new Date(),
): Promise<{ ticket: string; expiresAt: string }> {
  const id = uuidv7();
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TICKET_TTL_SECONDS * 1000);
  await withTenant(knex, { tenantId: principal.tenantId, userId: principal.userId, clientIds: null }, async (trx) => {
    await trx('eventStreamTickets').where({ tenantId: principal.tenantId }).where('expiresAt', '<', now).delete();
    await trx('eventStreamTickets').insert({
      tenantId: principal.tenantId,
      id,
      secretHash: hashSecret(secret),
      principal: JSON.stringify(principal),
      expiresAt,
    });
  });
  return { ticket: `pst_${principal.tenantId}.${id}.${secret}`, expiresAt: expiresAt.toISOString() };
}

/** Redeems a ticket once: answers the principal it was minted for, or throws 401 (unknown, used, expired). */
export async function redeemStreamTicket(knex: Knex, ticket: string, now = new Date()): Promise<Principal> {
  const m = TICKET.exec(ticket);
  if (!m) throw refused();
  const [, tenantId, id, secret] = m as unknown as [string, string, string, string];
  const rows = (await withTenant(knex, systemScope(tenantId), (trx) =>
    trx('eventStreamTickets')
      .where({ tenantId, id, secretHash: hashSecret(secret) })
      .where('expiresAt', '>', now)
      .delete()
      .returning('principal'),
  )) as { principal: unknown }[];
  const parsed = StoredPrincipal.safeParse(rows[0]?.principal);
  if (!parsed.success || parsed.data.tenantId !== tenantId) throw refused();
  return parsed.data as Principal;
}
