import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Sequence } from '../../schemas/sequence';

export const archive = defineOperation({
  id: 'sequence.archive',
  kind: 'mutation',
  summary: 'Archives a sequence and stops its active enrollments.',
  input: z.object({ id: Id, expectedVersion: ExpectedVersion }),
  output: Sequence,
  errors: ['not_found', 'version_conflict'],
  permission: 'sequence.manage',
  flag: 'sequences',
  emits: ['sequence.completed'],
  source: 'spec',
});
