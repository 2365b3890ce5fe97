import { operationTable } from '../../contract/defineOperation';
import { connectO365 as mailboxConnectO365 } from '../mailbox/connectO365';
import { disconnect as mailboxDisconnect } from '../mailbox/disconnect';
import { get as mailboxStatusGet } from '../mailbox/status/get';
import { create as mailboxShareCreate } from '../mailbox/share/create';
import { revoke as mailboxShareRevoke } from '../mailbox/share/revoke';
import { start as mailSyncStart } from '../mail/sync/start';
import { resume as mailSyncResume } from '../mail/sync/resume';
import { search as mailSearch } from '../mail/search';
import { list as mailMessagesList } from '../mail/messages/list';
import { get as mailMessageGet } from '../mail/message/get';
import { send as mailMessageSend } from '../mail/message/send';
import { reply as mailThreadReply } from '../mail/thread/reply';
import { move as mailMessageMove } from '../mail/message/move';
import { flag as mailMessageFlag } from '../mail/message/flag';
import { readState as mailMessageReadState } from '../mail/message/readState';
import { create as templateCreate } from '../template/create';
import { update as templateUpdate } from '../template/update';
import { list as templateList } from '../template/list';
import { get as templateGet } from '../template/get';
import { archive as templateArchive } from '../template/archive';

/** Inbox and mail on Office 365: mailboxes, sync, search, messages, sends, templates. */
export const inboxOperations = operationTable({
  'mailbox.connectO365': mailboxConnectO365,
  'mailbox.disconnect': mailboxDisconnect,
  'mailbox.status.get': mailboxStatusGet,
  'mailbox.share.create': mailboxShareCreate,
  'mailbox.share.revoke': mailboxShareRevoke,
  'mail.sync.start': mailSyncStart,
  'mail.sync.resume': mailSyncResume,
  'mail.search': mailSearch,
  'mail.messages.list': mailMessagesList,
  'mail.message.get': mailMessageGet,
  'mail.message.send': mailMessageSend,
  'mail.thread.reply': mailThreadReply,
  'mail.message.move': mailMessageMove,
  'mail.message.flag': mailMessageFlag,
  'mail.message.readState': mailMessageReadState,
  'template.create': templateCreate,
  'template.update': templateUpdate,
  'template.list': templateList,
  'template.get': templateGet,
  'template.archive': templateArchive,
});
