import type { SlaBreach } from '@pivotal-pm/sdk';
import { slaReminderCard, type AdaptiveCard, type SlaReminderData, type SlaReminderState } from '../cards/index';
import { cardContextOf, type BotDeps, type BotUser } from './types';

/** Which reminder: the owner's, or the escalation their manager gets. */
export type SlaView = 'owner' | 'manager';

const CLEARED: Record<
  NonNullable<SlaBreach['clearedReason']>,
  Extract<SlaReminderState, { state: 'cleared' }>['clearedBecause']
> = {
  engagement: 'activity_logged',
  stage_move: 'stage_changed',
  closed: 'deal_closed',
  policy: 'policy_changed',
};

/** The breach by id as the user may see it, or null (cleared away, gone or not theirs to see). */
export async function loadBreach(user: BotUser, breachId: string): Promise<SlaBreach | null> {
  const page = await user.client.sla.breach.list({ ids: [breachId], status: 'all' });
  return page.data[0] ?? null;
}

/** The reminder's state now: from the breach and its task (done, snoozed into the future, or open). */
function stateOf(
  breach: SlaBreach,
  task: { status: string; dueAt: string | null; completedAt: string | null } | null,
  now: Date,
  ownerName: string,
): SlaReminderState {
  if (task?.status === 'completed' && breach.clearedReason !== 'engagement' && breach.clearedReason !== 'stage_move')
    return { state: 'completed', completedBy: ownerName, completedAt: task.completedAt ?? now.toISOString() };
  if (breach.clearedReason) return { state: 'cleared', clearedBecause: CLEARED[breach.clearedReason] };
  if (task && task.status !== 'completed' && task.dueAt && new Date(task.dueAt) > now)
    return { state: 'snoozed', snoozedUntil: task.dueAt };
  return { state: 'open' };
}

/**
 * Builds the SLA reminder card for a breach from the API as the recipient sees it: the deal, its account and primary
 * contact, the pipeline's clock, the task's state. `override` forces the state after an action the engine has not
 * processed yet (a logged call clears an idle breach within a second; the card says so at once).
 */
export async function slaReminderFor(
  deps: BotDeps,
  user: BotUser,
  breach: SlaBreach,
  view: SlaView,
  teamsUserId: string,
  override?: SlaReminderState,
): Promise<AdaptiveCard> {
  const { client } = user;
  const now = deps.now?.() ?? new Date();
  const opp = await client.opportunity.get({ id: breach.opportunityId });
  // Independent reads, in parallel: a card is built in the time of the slowest.
  const [account, contact, policy, tasks, owner] = await Promise.all([
    client.account.get({ id: opp.accountId }).catch(() => null),
    opp.primaryContactId ? client.contact.get({ id: opp.primaryContactId }).catch(() => null) : null,
    client.sla.policy.get({ pipelineId: breach.pipelineId }),
    breach.taskId ? client.task.list({ opportunityId: opp.id, limit: 200 }).then((p) => p.data) : [],
    view === 'manager' ? client.user.get({ id: breach.ownerId }).catch(() => null) : null,
  ]);
  const task = tasks.find((t) => t.id === breach.taskId) ?? null;
  const ownerName = owner?.displayName ?? user.displayName;
  const data: SlaReminderData = {
    ...(override ?? stateOf(breach, task, now, ownerName)),
    breachId: breach.id,
    taskId: breach.taskId ?? '',
    opportunity: {
      id: opp.id,
      name: opp.name,
      accountName: account?.name ?? '',
      stage: breach.stage,
      amount: opp.amount,
      currency: opp.currency,
      closeDate: opp.closeDate,
    },
    breach: {
      kind: breach.kind === 'idle' ? 'idle' : 'time_in_stage',
      limitHours: breach.limitHours,
      clock: policy.clock,
      idleSince: breach.kind === 'idle' ? (opp.lastActivityAt ?? opp.stageEnteredAt) : opp.stageEnteredAt,
      breachedAt: breach.breachedAt,
    },
    contact: contact
      ? { name: `${contact.firstName} ${contact.lastName}`.trim(), email: contact.email, phone: contact.phone }
      : null,
    ...(view === 'manager'
      ? {
          escalation: {
            ownerName,
            breachedHoursAgo: Math.max(0, Math.floor((now.getTime() - Date.parse(breach.breachedAt)) / 3_600_000)),
          },
        }
      : {}),
    userIds: [teamsUserId],
  };
  return slaReminderCard(cardContextOf(deps, user), data);
}
