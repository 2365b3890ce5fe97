import { defineHandlers } from '../../../http/types';
import { accountCreate } from './accountCreate';
import { accountGet } from './accountGet';
import { accountList } from './accountList';
import { accountUpdate } from './accountUpdate';
import { contactCreate } from './contactCreate';
import { contactGet } from './contactGet';
import { contactList } from './contactList';
import { contactMerge } from './contactMerge';
import { contactUpdate } from './contactUpdate';

/** Handlers of the crm domain, keyed by operation ID. */
export const crmHandlers = defineHandlers({
  'account.create': accountCreate,
  'account.update': accountUpdate,
  'account.list': accountList,
  'account.get': accountGet,
  'contact.create': contactCreate,
  'contact.update': contactUpdate,
  'contact.list': contactList,
  'contact.get': contactGet,
  'contact.merge': contactMerge,
});
