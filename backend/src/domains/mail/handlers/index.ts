import { defineHandlers } from '../../../http/types';
import { mailSearch } from './mailSearch';
import { messageFlag, messageGet, messageMove, messageReadState } from './messageOps';
import { messageSend, threadReply } from './messageSend';
import { messagesList } from './messagesList';
import { statusGet, syncResume, syncStart } from './syncStart';
import { templateArchive } from './templateArchive';
import { templateCreate } from './templateCreate';
import { templateGet } from './templateGet';
import { templateList } from './templateList';
import { templateUpdate } from './templateUpdate';

/** Handlers of the mail domain (sync, status, inbox operations and templates), keyed by operation ID. */
export const mailHandlers = defineHandlers({
  'mail.sync.start': syncStart,
  'mail.sync.resume': syncResume,
  'mailbox.status.get': statusGet,
  'mail.search': mailSearch,
  'mail.messages.list': messagesList,
  'mail.message.get': messageGet,
  'mail.message.send': messageSend,
  'mail.thread.reply': threadReply,
  'mail.message.move': messageMove,
  'mail.message.flag': messageFlag,
  'mail.message.readState': messageReadState,
  'template.create': templateCreate,
  'template.update': templateUpdate,
  'template.list': templateList,
  'template.get': templateGet,
  'template.archive': templateArchive,
});
