import type { NextBestAction } from '@pivotal-pm/sdk';
import { nextBestActionCard, type AdaptiveCard, type NbaPromptData } from '../cards/index';
import { cardContextOf, type BotDeps, type BotUser } from './types';

/** One recommended action as `nextBestAction.get` answers it. */
export type Recommended = NextBestAction['actions'][number];

/** The card of a recommended action, as the user sees the deal now. */
export async function nbaCardFor(
  deps: BotDeps,
  user: BotUser,
  action: Recommended,
  teamsUserId: string,
  state: Pick<NbaPromptData, 'state' | 'dismissReason'> = { state: 'open' },
): Promise<AdaptiveCard> {
  const opp = await user.client.opportunity.get({ id: action.opportunityId });
  const account = await user.client.account.get({ id: opp.accountId }).catch(() => null);
  return nextBestActionCard(cardContextOf(deps, user), {
    opportunity: {
      id: opp.id,
      name: opp.name,
      accountName: account?.name ?? '',
      stage: opp.stage,
      amount: opp.amount,
      currency: opp.currency,
    },
    action: { key: action.kind, title: action.title, reason: action.rationale, operation: action.operationId },
    ...state,
    userIds: [teamsUserId],
  });
}

/** The day's prompt: the top recommendation of the user's day, or null when there is none. */
export async function dayPromptFor(deps: BotDeps, user: BotUser, teamsUserId: string): Promise<AdaptiveCard | null> {
  const day = await user.client.nextBestAction.get({ limit: 1 });
  const top = day.actions[0];
  return top ? nbaCardFor(deps, user, top, teamsUserId) : null;
}

/** The action of this kind recommended for the deal now, or null when it no longer is. */
export async function currentAction(user: BotUser, opportunityId: string, kind: string): Promise<Recommended | null> {
  const answer = await user.client.nextBestAction.get({ opportunityId, limit: 50 });
  return answer.actions.find((a) => a.kind === kind) ?? null;
}

/**
 * "Do it": an action whose operation needs nothing more (completing an overdue task) is done now; any other (a call,
 * an email, a new date) becomes a task due today in the user's queue, titled with the action and its reason, so it is
 * done from there with its own screen.
 */
export async function doAction(user: BotUser, action: Recommended): Promise<void> {
  const taskId = action.input.id;
  if (action.operationId === 'task.complete' && typeof taskId === 'string') {
    await user.client.task.complete({ id: taskId });
    return;
  }
  await user.client.task.create({
    type: action.kind === 'call' ? 'call' : action.kind === 'email' ? 'email' : 'followup',
    title: action.title,
    notes: action.rationale,
    opportunityId: action.opportunityId,
    ...(action.contactId ? { contactId: action.contactId } : {}),
    dueAt: new Date().toISOString(),
  });
}
