// "help": the commands the bot answers and what it sends on its own.
import { adaptiveCard, execute, openUrl } from './actions';
import type { CardContext } from './context';
import type { AdaptiveCard } from './schema';
import { heading, text } from './text';

/** The commands the bot answers, with what each does (shown by the help card). */
export const COMMANDS = [
  { command: 'my tasks', does: 'Your open tasks due today or overdue, with a Done button on each.' },
  { command: 'my pipeline', does: 'Your open deals by stage, the weighted forecast and open SLA breaches.' },
  { command: 'help', does: 'This card.' },
] as const;

const UNPROMPTED = [
  { what: 'SLA reminders', does: 'When one of your deals passes its idle or time-in-stage limit.' },
  { what: 'Next best actions', does: 'One recommended step for a deal; do it or dismiss it with a reason.' },
  { what: 'Digests', does: 'Daily or weekly for managers: pipeline movement, deals at risk, breaches, team activity.' },
  { what: 'Settings', does: 'Choose digest frequency, quiet hours and your time zone.' },
] as const;

/** Builds the help card. */
export function helpCard(ctx: CardContext): AdaptiveCard {
  return adaptiveCard(
    [
      heading('Pivotal bot', { size: 'large' }),
      text('Type a command in this chat:', { spacing: 'small' }),
      { type: 'FactSet', facts: COMMANDS.map((c) => ({ title: `**${c.command}**`, value: c.does })) },
      heading('Sent to you on its own', { size: 'default', spacing: 'large', separator: true }),
      { type: 'FactSet', facts: UNPROMPTED.map((u) => ({ title: u.what, value: u.does })) },
    ],
    [execute('digest.settings', 'Digest settings', {}), openUrl('Open Pivotal', ctx.appBaseUrl)],
    { fallbackText: 'Pivotal bot: my tasks, my pipeline, help' },
  );
}
