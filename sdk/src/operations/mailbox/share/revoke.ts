import { defineOperation } from '../../../contract/defineOperation';
import { ByIdInput } from '../../../contract/common';
import { MailboxShare } from '../../../schemas/mail';

export const revoke = defineOperation({
  id: 'mailbox.share.revoke',
  kind: 'mutation',
  summary: 'Revokes an explicit mailbox share.',
  input: ByIdInput,
  output: MailboxShare,
  errors: ['not_found', 'not_owner'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'catalogue',
});
