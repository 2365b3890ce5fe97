// The SLA breach reminder sent to a deal's owner, and its escalation variant sent to the owner's manager.
import { execute, adaptiveCard, openUrl, showCard, type CardAction, type SlaActionData } from './actions';
import {
  formatAmount,
  formatDate,
  formatHours,
  formatNumber,
  formatWhen,
  type Amount,
  type CardContext,
} from './context';
import type { AdaptiveCard, CardElement, Container, Fact } from './schema';
import { escapeMarkdown, heading, note, text } from './text';

/** The breached deal, as the reminder shows it. */
export type SlaOpportunity = {
  id: string;
  name: string;
  accountName: string;
  /** The stage's display name. */
  stage: string;
  amount: Amount;
  currency: string;
  /** `YYYY-MM-DD`, or null when not set. */
  closeDate: string | null;
};

/** What was breached: the idle limit or the time-in-stage limit, on the calendar or the business (working-day) clock. */
export type SlaBreach = {
  kind: 'idle' | 'time_in_stage';
  limitHours: number;
  clock: 'calendar' | 'business';
  /** Last activity (ISO), or null when the deal never had any. */
  idleSince: string | null;
  /** When the limit was passed (ISO). */
  breachedAt: string;
};

/** The deal's primary contact. */
export type SlaContact = { name: string; email: string | null; phone: string | null };

/** Where the reminder stands; a non-open reminder shows its outcome instead of its actions. */
export type SlaReminderState =
  | { state: 'open' }
  | { state: 'completed'; completedBy: string; completedAt: string }
  | { state: 'snoozed'; snoozedUntil: string }
  | { state: 'cleared'; clearedBecause: 'activity_logged' | 'stage_changed' | 'deal_closed' | 'policy_changed' };

/** Everything an SLA reminder (or its escalation to the manager) shows. */
export type SlaReminderData = SlaReminderState & {
  breachId: string;
  taskId: string;
  opportunity: SlaOpportunity;
  breach: SlaBreach;
  contact: SlaContact | null;
  /** Present for the manager's variant: whose deal it is and how long it has been breached. */
  escalation?: { ownerName: string; breachedHoursAgo: number };
  /** Teams user ids of the recipients, whose clients refresh the card (universal actions). */
  userIds: string[];
};

const CLEARED: Record<Extract<SlaReminderState, { state: 'cleared' }>['clearedBecause'], string> = {
  activity_logged: 'activity logged',
  stage_changed: 'stage changed',
  deal_closed: 'deal closed',
  policy_changed: 'the SLA no longer applies',
};

function limitWords(ctx: CardContext, breach: SlaBreach): string {
  return formatHours(ctx, breach.limitHours, breach.clock === 'business' ? 'business ' : '');
}

function title(ctx: CardContext, data: SlaReminderData): string {
  const limit = limitWords(ctx, data.breach);
  if (data.escalation !== undefined) {
    const owner = escapeMarkdown(data.escalation.ownerName);
    const hours = `${formatNumber(ctx, data.escalation.breachedHoursAgo)} h`;
    return data.breach.kind === 'idle'
      ? `${owner}'s deal has been breached for ${hours} with no activity`
      : `${owner}'s deal has been over its time in ${escapeMarkdown(data.opportunity.stage)} for ${hours}`;
  }
  return data.breach.kind === 'idle'
    ? `SLA breached: no activity for ${limit}`
    : `SLA breached: over ${limit} in ${escapeMarkdown(data.opportunity.stage)}`;
}

/** The outcome line of a non-open reminder. */
function outcome(ctx: CardContext, data: SlaReminderData): string | null {
  switch (data.state) {
    case 'open':
      return null;
    case 'completed':
      return `Task completed by ${escapeMarkdown(data.completedBy)} at ${formatWhen(ctx, data.completedAt)}`;
    case 'snoozed':
      return `Snoozed until ${formatWhen(ctx, data.snoozedUntil)}`;
    case 'cleared':
      return `Cleared: ${CLEARED[data.clearedBecause]}`;
  }
}

function dealFacts(ctx: CardContext, data: SlaReminderData): Fact[] {
  const { opportunity: o, breach: b } = data;
  const facts: Fact[] = [
    { title: 'Account', value: escapeMarkdown(o.accountName) },
    { title: 'Stage', value: escapeMarkdown(o.stage) },
    { title: 'Amount', value: formatAmount(ctx, o.amount, o.currency) },
    { title: 'Close date', value: o.closeDate === null ? 'Not set' : formatDate(ctx, o.closeDate) },
    { title: 'Limit', value: `${limitWords(ctx, b)} ${b.kind === 'idle' ? 'without activity' : 'in stage'}` },
    { title: 'Last activity', value: b.idleSince === null ? 'None yet' : formatWhen(ctx, b.idleSince) },
    { title: 'Breached', value: formatWhen(ctx, b.breachedAt) },
  ];
  return facts;
}

function contactBlock(contact: SlaContact | null): CardElement[] {
  if (contact === null) return [note('No primary contact on this deal.', { spacing: 'medium', size: 'default' })];
  const facts: Fact[] = [{ title: 'Contact', value: escapeMarkdown(contact.name) }];
  if (contact.email !== null) facts.push({ title: 'Email', value: escapeMarkdown(contact.email) });
  if (contact.phone !== null) facts.push({ title: 'Phone', value: escapeMarkdown(contact.phone) });
  return [{ type: 'FactSet', facts, spacing: 'medium', separator: true }];
}

function actions(ctx: CardContext, data: SlaReminderData): CardAction[] {
  const ids: SlaActionData = { breachId: data.breachId, taskId: data.taskId, opportunityId: data.opportunity.id };
  const open = openUrl('Open in Pivotal', ctx.deepLink(data.opportunity.id));
  if (data.state !== 'open') return [open];
  if (data.escalation !== undefined) return [execute('sla.remindOwner', 'Remind owner', ids), open];
  const logCall = showCard(
    'Log a call',
    [
      {
        type: 'Input.Text',
        id: 'note',
        label: 'Call note',
        placeholder: 'What was agreed?',
        isMultiline: true,
        maxLength: 500,
      },
    ],
    [execute('sla.logCall', 'Save call', ids, { style: 'positive', associatedInputs: 'auto' })],
  );
  return [
    logCall,
    execute('sla.completeTask', 'Complete task', ids),
    execute('sla.snooze', 'Snooze 1 day', { ...ids, snoozeHours: 24 }),
    open,
  ];
}

/** Builds the SLA breach reminder (or, with `escalation`, the manager's variant) in its current state. */
export function slaReminderCard(ctx: CardContext, data: SlaReminderData): AdaptiveCard {
  const done = outcome(ctx, data);
  const banner: Container = {
    type: 'Container',
    style: done === null ? 'attention' : 'emphasis',
    bleed: true,
    items: [
      heading(title(ctx, data), { color: done === null ? 'attention' : 'default' }),
      note(
        data.breach.clock === 'business'
          ? 'Working days only: weekends, holidays and time away do not count'
          : 'Every day counts, except holidays and time away',
      ),
    ],
  };
  const body: CardElement[] = [
    banner,
    text(escapeMarkdown(data.opportunity.name), { size: 'large', weight: 'bolder', spacing: 'medium' }),
    { type: 'FactSet', facts: dealFacts(ctx, data), spacing: 'small' },
    ...contactBlock(data.contact),
  ];
  if (done !== null) body.push(text(done, { weight: 'bolder', color: 'good', spacing: 'medium', separator: true }));
  const view = data.escalation === undefined ? 'owner' : 'manager';
  const refreshData = { card: 'slaReminder', view, breachId: data.breachId, taskId: data.taskId } as const;
  return adaptiveCard(body, actions(ctx, data), {
    fallbackText: `SLA reminder: ${data.opportunity.name}`,
    refresh: {
      action: execute('refresh', 'Refresh', { ...refreshData, opportunityId: data.opportunity.id }),
      userIds: data.userIds,
    },
  });
}
