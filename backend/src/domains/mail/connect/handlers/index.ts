import { defineHandlers } from '../../../../http/types';
import { connectO365 } from './connectO365';
import { disconnect } from './disconnect';
import { createShare, revokeShare } from './shares';

/** Connecting, disconnecting and sharing Office 365 mailboxes. */
export const mailboxConnectHandlers = defineHandlers({
  'mailbox.connectO365': connectO365,
  'mailbox.disconnect': disconnect,
  'mailbox.share.create': createShare,
  'mailbox.share.revoke': revokeShare,
});
