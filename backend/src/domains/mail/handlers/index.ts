import { defineHandlers } from '../../../http/types';
import { templateArchive } from './templateArchive';
import { templateCreate } from './templateCreate';
import { templateGet } from './templateGet';
import { templateList } from './templateList';
import { templateUpdate } from './templateUpdate';

/** Handlers of the mail domain (inbox operations and templates), keyed by operation ID. */
export const mailHandlers = defineHandlers({
  'template.create': templateCreate,
  'template.update': templateUpdate,
  'template.list': templateList,
  'template.get': templateGet,
  'template.archive': templateArchive,
});
