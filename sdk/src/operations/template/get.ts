import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { EmailTemplate } from '../../schemas/mail';

export const get = defineOperation({
  id: 'template.get',
  kind: 'query',
  summary: 'Gets one e-mail template.',
  input: ByIdInput,
  output: EmailTemplate,
  errors: ['not_found'],
  permission: 'sequence.read',
  flag: 'inbox_o365',
  emits: [],
  source: 'catalogue',
});
