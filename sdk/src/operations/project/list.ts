import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean } from '../../contract/common';
import { Project } from '../../schemas/client';

export const list = defineOperation({
  id: 'project.list',
  kind: 'query',
  summary: 'Lists the projects, optionally of one client, archived ones only on request.',
  input: z.object({
    clientId: Id.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    includeArchived: QueryBoolean.default(false),
    ...pageInput,
  }),
  output: page(Project),
  errors: [],
  permission: 'client.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
