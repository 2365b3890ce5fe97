import { defineHandlers } from '../../../http/types';
import { clientArchive } from './clientArchive';
import { clientCreate } from './clientCreate';
import { clientGet } from './clientGet';
import { clientList } from './clientList';
import { clientUpdate } from './clientUpdate';
import { projectArchive } from './projectArchive';
import { projectCreate } from './projectCreate';
import { projectGet } from './projectGet';
import { projectList } from './projectList';
import { projectUpdate } from './projectUpdate';

/** Handlers of the clients domain, keyed by operation ID. */
export const clientsHandlers = defineHandlers({
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
});
