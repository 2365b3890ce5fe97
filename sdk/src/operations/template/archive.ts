import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { EmailTemplate } from '../../schemas/mail';

export const archive = defineOperation({
  id: 'template.archive',
  kind: 'mutation',
  summary: 'Archives a template; sequences that use it keep working until they are edited.',
  input: z.object({ id: Id, expectedVersion: ExpectedVersion }),
  output: EmailTemplate,
  errors: ['not_found', 'version_conflict'],
  permission: 'template.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'catalogue',
});
