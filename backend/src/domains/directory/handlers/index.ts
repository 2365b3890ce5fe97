import { defineHandlers } from '../../../http/types';
import { apiKeyCreate } from './apiKeyCreate';
import { apiKeyList } from './apiKeyList';
import { apiKeyRevoke } from './apiKeyRevoke';
import { embedTokenCreate } from './embedTokenCreate';
import { meGet } from './meGet';
import { outOfOfficeList, outOfOfficeRemove, outOfOfficeSet } from './outOfOffice';
import { userGet } from './userGet';
import { userInvite } from './userInvite';
import { userList } from './userList';
import { userUpdate } from './userUpdate';

/** Handlers of the directory domain, keyed by operation ID. */
export const directoryHandlers = defineHandlers({
  'me.get': meGet,
  'user.list': userList,
  'user.get': userGet,
  'user.invite': userInvite,
  'user.update': userUpdate,
  'user.outOfOffice.list': outOfOfficeList,
  'user.outOfOffice.set': outOfOfficeSet,
  'user.outOfOffice.remove': outOfOfficeRemove,
  'auth.embedToken.create': embedTokenCreate,
  'apiKey.create': apiKeyCreate,
  'apiKey.list': apiKeyList,
  'apiKey.revoke': apiKeyRevoke,
});
