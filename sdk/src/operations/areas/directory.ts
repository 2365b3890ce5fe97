import { operationTable } from '../../contract/defineOperation';
import { get as meGet } from '../me/get';
import { list as userList } from '../user/list';
import { get as userGet } from '../user/get';
import { invite as userInvite } from '../user/invite';
import { update as userUpdate } from '../user/update';
import { list as userOutOfOfficeList } from '../user/outOfOffice/list';
import { set as userOutOfOfficeSet } from '../user/outOfOffice/set';
import { remove as userOutOfOfficeRemove } from '../user/outOfOffice/remove';
import { create as clientCreate } from '../client/create';
import { update as clientUpdate } from '../client/update';
import { list as clientList } from '../client/list';
import { get as clientGet } from '../client/get';
import { archive as clientArchive } from '../client/archive';
import { create as projectCreate } from '../project/create';
import { update as projectUpdate } from '../project/update';
import { list as projectList } from '../project/list';
import { get as projectGet } from '../project/get';
import { archive as projectArchive } from '../project/archive';
import { create as accountCreate } from '../account/create';
import { update as accountUpdate } from '../account/update';
import { list as accountList } from '../account/list';
import { get as accountGet } from '../account/get';
import { create as contactCreate } from '../contact/create';
import { update as contactUpdate } from '../contact/update';
import { list as contactList } from '../contact/list';
import { get as contactGet } from '../contact/get';
import { merge as contactMerge } from '../contact/merge';
import { create as authEmbedTokenCreate } from '../auth/embedToken/create';
import { create as apiKeyCreate } from '../apiKey/create';
import { list as apiKeyList } from '../apiKey/list';
import { revoke as apiKeyRevoke } from '../apiKey/revoke';

/** Directory and identity: the caller, people, clients, projects, accounts, contacts, embed tokens, API keys. */
export const directoryOperations = operationTable({
  'me.get': meGet,
  'user.list': userList,
  'user.get': userGet,
  'user.invite': userInvite,
  'user.update': userUpdate,
  'user.outOfOffice.list': userOutOfOfficeList,
  'user.outOfOffice.set': userOutOfOfficeSet,
  'user.outOfOffice.remove': userOutOfOfficeRemove,
  'client.create': clientCreate,
  'client.update': clientUpdate,
  'client.list': clientList,
  'client.get': clientGet,
  'client.archive': clientArchive,
  'project.create': projectCreate,
  'project.update': projectUpdate,
  'project.list': projectList,
  'project.get': projectGet,
  'project.archive': projectArchive,
  'account.create': accountCreate,
  'account.update': accountUpdate,
  'account.list': accountList,
  'account.get': accountGet,
  'contact.create': contactCreate,
  'contact.update': contactUpdate,
  'contact.list': contactList,
  'contact.get': contactGet,
  'contact.merge': contactMerge,
  'auth.embedToken.create': authEmbedTokenCreate,
  'apiKey.create': apiKeyCreate,
  'apiKey.list': apiKeyList,
  'apiKey.revoke': apiKeyRevoke,
});
