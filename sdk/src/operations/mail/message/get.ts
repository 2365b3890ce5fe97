import { defineOperation } from '../../../contract/defineOperation';
import { ByIdInput } from '../../../contract/common';
import { MessageDetail } from '../../../schemas/mail';

export const get = defineOperation({
  id: 'mail.message.get',
  kind: 'query',
  summary: 'Gets a message with its body, fetched from Office 365 on view and cached sealed for the TTL.',
  input: ByIdInput,
  output: MessageDetail,
  errors: ['not_found', 'mailbox_not_connected', 'upstream_failed'],
  permission: 'mail.read',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
