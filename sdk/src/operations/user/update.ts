import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, TimeZone } from '../../contract/common';
import { RoleName, User } from '../../schemas/directory';

export const update = defineOperation({
  id: 'user.update',
  kind: 'mutation',
  summary: "Changes a person's name, roles, client scope, time zone, manager or active state.",
  input: z.object({
    id: Id,
    displayName: z.string().trim().min(1).max(200).optional(),
    roles: z.array(RoleName).min(1).max(8).optional(),
    /** Null gives access to every client. */
    clientIds: z.array(Id).max(500).nullable().optional(),
    active: z.boolean().optional(),
    timeZone: TimeZone.optional(),
    /** Who the user reports to (null: nobody); a cycle of managers is refused. */
    managerId: Id.nullable().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: User,
  errors: ['not_found', 'version_conflict', 'reference_invalid', 'invalid_state'],
  permission: 'user.manage',
  emits: [],
  source: 'catalogue',
});
