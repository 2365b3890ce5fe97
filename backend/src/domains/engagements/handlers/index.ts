import { defineHandlers } from '../../../http/types';
import { completeTask } from './completeTask';
import { createTask } from './createTask';
import { getTimeline } from './getTimeline';
import { listEngagements } from './listEngagements';
import { listTasks } from './listTasks';
import { logEngagement } from './logEngagement';
import { updateTask } from './updateTask';

/** Handlers of the engagements domain, keyed by operation ID. */
export const engagementsHandlers = defineHandlers({
  'engagement.log': logEngagement,
  'engagement.list': listEngagements,
  'task.create': createTask,
  'task.update': updateTask,
  'task.complete': completeTask,
  'task.list': listTasks,
  'timeline.get': getTimeline,
});
