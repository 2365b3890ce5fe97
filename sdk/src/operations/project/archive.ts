import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Project } from '../../schemas/client';

export const archive = defineOperation({
  id: 'project.archive',
  kind: 'mutation',
  summary: 'Archives a project of a client, hiding it from lists and pickers while keeping its history.',
  input: z.object({ id: Id, expectedVersion: ExpectedVersion }),
  output: Project,
  errors: ['not_found', 'version_conflict'],
  permission: 'client.write',
  emits: [],
  source: 'catalogue',
});
