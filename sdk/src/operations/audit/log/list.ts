import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { page, pageInput, Timestamp } from '../../../contract/common';
import { AuditLogEntry } from '../../../schemas/admin';

export const list = defineOperation({
  id: 'audit.log.list',
  kind: 'query',
  summary: 'Lists the append-only audit log, newest first, by actor, operation, target or time.',
  input: z.object({
    /** Exact actor, e.g. `user:<id>`. */
    actor: z.string().max(200).optional(),
    operation: z.string().max(100).optional(),
    targetType: z.string().max(100).optional(),
    targetId: z.string().max(200).optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(AuditLogEntry),
  errors: [],
  permission: 'audit.read',
  emits: [],
  list: true,
  source: 'spec',
});
