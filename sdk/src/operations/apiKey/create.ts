import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { clientRoles } from '../../contract/roles';
import { ApiKeyWithSecret } from '../../schemas/admin';
import { RoleName } from '../../schemas/directory';

export const create = defineOperation({
  id: 'apiKey.create',
  kind: 'mutation',
  summary: 'Creates a server-to-server API key with one role and an optional client scope; the secret is shown once.',
  input: z
    .object({
      name: z.string().trim().min(1).max(100),
      role: RoleName,
      clientIds: z.array(Id).min(1).max(500).optional(),
    })
    .refine((v) => !(clientRoles as readonly string[]).includes(v.role) || (v.clientIds?.length ?? 0) > 0, {
      message: 'client roles need at least one clientId',
      path: ['clientIds'],
    }),
  output: ApiKeyWithSecret,
  errors: ['reference_invalid'],
  permission: 'apiKey.manage',
  emits: [],
  source: 'catalogue',
});
