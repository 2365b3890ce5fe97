import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean } from '../../contract/common';
import { Sequence, SequenceGoal } from '../../schemas/sequence';

export const list = defineOperation({
  id: 'sequence.list',
  kind: 'query',
  summary: 'Lists sequences by name, goal, active state, owner or client, archived ones only on request.',
  input: z.object({
    q: z.string().trim().min(1).max(200).optional(),
    goal: SequenceGoal.optional(),
    active: QueryBoolean.optional(),
    ownerId: Id.optional(),
    clientId: Id.optional(),
    includeArchived: QueryBoolean.default(false),
    ...pageInput,
  }),
  output: page(Sequence),
  errors: [],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  list: true,
  source: 'spec',
});
