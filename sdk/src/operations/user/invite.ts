import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Email, Id, TimeZone } from '../../contract/common';
import { clientRoles } from '../../contract/roles';
import { RoleName, User } from '../../schemas/directory';

export const invite = defineOperation({
  id: 'user.invite',
  kind: 'mutation',
  summary: 'Invites a person to the tenant with one or more roles and an optional client scope.',
  input: z
    .object({
      email: Email,
      displayName: z.string().trim().min(1).max(200),
      roles: z.array(RoleName).min(1).max(8),
      /** Clients the person is confined to; omit for every client (client roles must give at least one). */
      clientIds: z.array(Id).min(1).max(500).optional(),
      timeZone: TimeZone.optional(),
    })
    .refine(
      (v) => !v.roles.some((r) => (clientRoles as readonly string[]).includes(r)) || (v.clientIds?.length ?? 0) > 0,
      {
        message: 'client roles (clientViewer, clientApprover) need at least one clientId',
        path: ['clientIds'],
      },
    ),
  output: User,
  errors: ['already_exists', 'reference_invalid'],
  permission: 'user.manage',
  emits: [],
  source: 'catalogue',
});
