import type { BotPreferences } from '@pivotal-pm/sdk';
import { digestSettingsCard, type AdaptiveCard, type CardVerb, CARD_VERBS } from '../cards/index';
import { myTasks } from './commands';
import { currentAction, doAction, nbaCardFor } from './nbaCards';
import { loadBreach, slaReminderFor, type SlaView } from './slaCards';
import { cardContextOf, type BotDeps, type BotUser } from './types';

/** An Action.Execute as the invoke carries it: its verb and data (the card's inputs merged into the data). */
export type CardAction = { verb: CardVerb; data: Record<string, unknown> };

/** Reads an `adaptiveCard/action` invoke's value; null when it is not one of the bot's verbs. */
export function cardActionOf(value: unknown): CardAction | null {
  const action = (value as { action?: { type?: string; verb?: unknown; data?: unknown } } | undefined)?.action;
  if (action?.type !== 'Action.Execute' || !(CARD_VERBS as readonly unknown[]).includes(action.verb)) return null;
  const data = action.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
  return { verb: action.verb as CardVerb, data };
}

/** A card to answer with, or a message to show instead (an action the user may not take). */
export type ActionOutcome = { card: AdaptiveCard } | { message: string };

const text = (data: Record<string, unknown>, key: string): string | undefined =>
  typeof data[key] === 'string' ? (data[key] as string) : undefined;

async function slaAction(
  deps: BotDeps,
  user: BotUser,
  action: CardAction,
  teamsUserId: string,
): Promise<ActionOutcome> {
  const breachId = text(action.data, 'breachId');
  if (!breachId) return { message: 'This card is missing its breach.' };
  const view: SlaView = action.data.view === 'manager' || action.verb === 'sla.remindOwner' ? 'manager' : 'owner';
  let breach = await loadBreach(user, breachId);
  if (!breach) return { message: 'This SLA breach is not visible to you any more.' };
  if (action.verb === 'sla.completeTask' && breach.taskId) await user.client.task.complete({ id: breach.taskId });
  if (action.verb === 'sla.snooze') {
    const hours = typeof action.data.snoozeHours === 'number' ? action.data.snoozeHours : 24;
    breach = await user.client.sla.breach.snooze({ id: breach.id, hours });
  }
  if (action.verb === 'sla.remindOwner') breach = await user.client.sla.breach.remind({ id: breach.id });
  if (action.verb === 'sla.logCall') {
    const opp = await user.client.opportunity.get({ id: breach.opportunityId });
    await user.client.engagement.log({
      type: 'call_out',
      channel: 'phone',
      direction: 'out',
      opportunityId: opp.id,
      contactId: opp.primaryContactId,
      subject: 'Call (logged from Teams)',
      bodyPreview: text(action.data, 'note')?.slice(0, 2000) ?? '',
      meta: { source: 'teams-bot', slaBreachId: breach.id },
    });
    // A human touch after the breach fell due ends an idle breach: the engine records it within a second.
    if (breach.kind === 'idle' && !breach.clearedAt)
      return {
        card: await slaReminderFor(deps, user, breach, view, teamsUserId, {
          state: 'cleared',
          clearedBecause: 'activity_logged',
        }),
      };
  }
  return { card: await slaReminderFor(deps, user, breach, view, teamsUserId) };
}

const REASONS = ['not_relevant', 'already_done', 'later', 'wrong_contact'] as const;

async function nbaAction(
  deps: BotDeps,
  user: BotUser,
  action: CardAction,
  teamsUserId: string,
): Promise<ActionOutcome> {
  const opportunityId = text(action.data, 'opportunityId');
  const kind = text(action.data, 'actionKey');
  if (!opportunityId || !kind) return { message: 'This card is missing its deal.' };
  const current = await currentAction(user, opportunityId, kind);
  if (!current) return { message: 'This action is no longer recommended for the deal.' };
  if (action.verb === 'nba.do') {
    await doAction(user, current);
    return { card: await nbaCardFor(deps, user, current, teamsUserId, { state: 'done' }) };
  }
  if (action.verb === 'nba.dismiss') {
    const reason = REASONS.find((r) => r === text(action.data, 'dismissReason'));
    if (!reason) return { message: 'Choose why you dismiss it.' };
    await user.client.nextBestAction.dismiss({ opportunityId, kind: current.kind, reason });
    return { card: await nbaCardFor(deps, user, current, teamsUserId, { state: 'dismissed', dismissReason: reason }) };
  }
  return { card: await nbaCardFor(deps, user, current, teamsUserId) };
}

function settingsOf(p: BotPreferences) {
  return { frequency: p.digest, quietHours: p.quietHours, timeZone: p.timeZone };
}

async function digestAction(deps: BotDeps, user: BotUser, action: CardAction): Promise<ActionOutcome> {
  let prefs = await user.client.bot.preferences.get({});
  if (action.verb === 'digest.saveSettings') {
    const frequency = text(action.data, 'frequency');
    const quiet = text(action.data, 'quietHours') === 'on';
    prefs = await user.client.bot.preferences.update({
      ...(frequency === 'daily' || frequency === 'weekly' || frequency === 'both' || frequency === 'off'
        ? { digest: frequency }
        : {}),
      quietHours: quiet
        ? { start: text(action.data, 'quietStart') ?? '20:00', end: text(action.data, 'quietEnd') ?? '08:00' }
        : null,
    });
  }
  return { card: digestSettingsCard(cardContextOf(deps, user), settingsOf(prefs)) };
}

/**
 * Performs a card's action through the API as the user and answers the card's new state (universal actions
 * replace the card in place). API refusals (403, 404, 409) become a message, never a silent success.
 */
export async function performAction(
  deps: BotDeps,
  user: BotUser,
  action: CardAction,
  teamsUserId: string,
): Promise<ActionOutcome> {
  switch (action.verb) {
    case 'refresh':
    case 'sla.logCall':
    case 'sla.completeTask':
    case 'sla.snooze':
    case 'sla.remindOwner':
      if (action.verb === 'refresh' && action.data.card === 'nba') return nbaAction(deps, user, action, teamsUserId);
      return slaAction(deps, user, action, teamsUserId);
    case 'task.complete': {
      const taskId = text(action.data, 'taskId');
      if (taskId) await user.client.task.complete({ id: taskId });
      return { card: await myTasks(deps, user) };
    }
    case 'digest.settings':
    case 'digest.saveSettings':
      return digestAction(deps, user, action);
    case 'nba.do':
    case 'nba.dismiss':
      return nbaAction(deps, user, action, teamsUserId);
  }
}
