import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { RestoreResult } from '../../schemas/cadence';

export const deleteOp = defineOperation({
  id: 'promotion.delete',
  kind: 'mutation',
  summary: 'Deletes a promotion and restores every snapped lead exactly from its pre-promotion snapshot.',
  input: z.object({ id: Id, expectedVersion: ExpectedVersion }),
  output: RestoreResult,
  errors: ['not_found', 'version_conflict'],
  permission: 'promotion.manage',
  emits: [],
  source: 'catalogue',
});
