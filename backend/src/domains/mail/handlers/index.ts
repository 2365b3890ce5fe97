import { defineHandlers } from '../../../http/types';
import { statusGet, syncResume, syncStart } from './syncStart';

/** Handlers of the mail sync operations, keyed by operation ID. */
export const mailSyncHandlers = defineHandlers({
  'mail.sync.start': syncStart,
  'mail.sync.resume': syncResume,
  'mailbox.status.get': statusGet,
});
