import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Client } from '../../schemas/client';

export const archive = defineOperation({
  id: 'client.archive',
  kind: 'mutation',
  summary: 'Archives a client of the agency, hiding it from lists and pickers while keeping its history.',
  input: z.object({ id: Id, expectedVersion: ExpectedVersion }),
  output: Client,
  errors: ['not_found', 'version_conflict'],
  permission: 'client.write',
  emits: [],
  source: 'catalogue',
});
