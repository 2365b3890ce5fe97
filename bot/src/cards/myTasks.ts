// "my tasks": the user's open tasks due today or overdue, each with a Done button.
import { adaptiveCard, execute, openUrl } from './actions';
import { appUrl, formatNumber, formatWhen, type CardContext } from './context';
import type { AdaptiveCard, CardElement, ColumnSet } from './schema';
import { escapeMarkdown, heading, note, text } from './text';

/** One open task of the user. */
export type MyTask = {
  id: string;
  title: string;
  /** Due instant (ISO). */
  dueAt: string;
  overdue: boolean;
  /** The deal it belongs to, if any. */
  opportunity: { id: string; name: string } | null;
};

/** The user's tasks due today or overdue, most urgent first. */
export type MyTasksData = {
  tasks: MyTask[];
  /** All matching tasks when the backend sent only the first few; defaults to `tasks.length`. */
  totalCount?: number;
};

const MAX_TASKS = 10;

function taskRow(ctx: CardContext, task: MyTask): ColumnSet {
  const due = `${task.overdue ? 'Overdue · due' : 'Due'} ${formatWhen(ctx, task.dueAt)}`;
  const deal = task.opportunity === null ? '' : ` · ${escapeMarkdown(task.opportunity.name)}`;
  return {
    type: 'ColumnSet',
    spacing: 'medium',
    separator: true,
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'center',
        items: [
          text(escapeMarkdown(task.title), { weight: 'bolder' }),
          note(`${due}${deal}`, task.overdue ? { color: 'attention', isSubtle: false } : {}),
        ],
      },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'center',
        items: [{ type: 'ActionSet', actions: [execute('task.complete', 'Done', { taskId: task.id })] }],
      },
    ],
  };
}

/** Builds the "my tasks" answer: up to ten tasks, then "and N more". */
export function myTasksCard(ctx: CardContext, data: MyTasksData): AdaptiveCard {
  const shown = data.tasks.slice(0, MAX_TASKS);
  const more = Math.max(data.totalCount ?? 0, data.tasks.length) - shown.length;
  const overdue = data.tasks.filter((t) => t.overdue).length;
  const body: CardElement[] = [heading('My tasks', { size: 'large' })];
  if (shown.length === 0) {
    body.push(text('Nothing due today and nothing overdue.', { isSubtle: true }));
  } else {
    const summary = `${formatNumber(ctx, shown.length + more)} due today or overdue`;
    body.push(note(overdue > 0 ? `${summary} (${formatNumber(ctx, overdue)} overdue)` : summary, { size: 'default' }));
    body.push(...shown.map((t) => taskRow(ctx, t)));
    if (more > 0) body.push(note(`and ${formatNumber(ctx, more)} more`, { spacing: 'medium', size: 'default' }));
  }
  return adaptiveCard(body, [openUrl('Open my tasks', appUrl(ctx, ['tasks']))], { fallbackText: 'My tasks' });
}
