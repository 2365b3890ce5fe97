import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, Timestamp } from '../../../contract/common';

export const create = defineOperation({
  id: 'auth.embedToken.create',
  kind: 'mutation',
  summary: 'Mints a short-lived token scoped to exactly one user or one client, for embedding.',
  input: z
    .object({
      userId: Id.optional(),
      clientId: Id.optional(),
      /** Lifetime in seconds: 900 by default, at most 3600. */
      ttlSeconds: z.number().int().min(60).max(3600).default(900),
    })
    .refine((v) => (v.userId === undefined) !== (v.clientId === undefined), {
      message: 'give exactly one of userId or clientId',
      path: ['userId'],
    }),
  output: z.object({ token: z.string(), expiresAt: Timestamp }),
  errors: ['reference_invalid'],
  permission: 'embedToken.create',
  emits: [],
  source: 'catalogue',
});
