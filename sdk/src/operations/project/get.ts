import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Project } from '../../schemas/client';

export const get = defineOperation({
  id: 'project.get',
  kind: 'query',
  summary: 'Gets one project of a client.',
  input: ByIdInput,
  output: Project,
  errors: ['not_found'],
  permission: 'client.read',
  emits: [],
  source: 'catalogue',
});
