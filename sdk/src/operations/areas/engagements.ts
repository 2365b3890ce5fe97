import { operationTable } from '../../contract/defineOperation';
import { log as engagementLog } from '../engagement/log';
import { list as engagementList } from '../engagement/list';
import { create as taskCreate } from '../task/create';
import { update as taskUpdate } from '../task/update';
import { complete as taskComplete } from '../task/complete';
import { list as taskList } from '../task/list';
import { get as timelineGet } from '../timeline/get';

/** Engagements, tasks and the merged timeline. */
export const engagementsOperations = operationTable({
  'engagement.log': engagementLog,
  'engagement.list': engagementList,
  'task.create': taskCreate,
  'task.update': taskUpdate,
  'task.complete': taskComplete,
  'task.list': taskList,
  'timeline.get': timelineGet,
});
