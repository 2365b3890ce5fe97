// A Next Best Action prompt: one recommended action for a deal, with "Do it", "Dismiss" (with a reason) and Open.
import { adaptiveCard, execute, openUrl, showCard, type CardAction, type NbaActionData } from './actions';
import { formatAmount, type Amount, type CardContext } from './context';
import type { AdaptiveCard, CardElement, Choice } from './schema';
import { escapeMarkdown, heading, note, text } from './text';

/** Why a prompt was dismissed (the values of the Dismiss choice set). */
export const DISMISS_REASONS = ['not_relevant', 'already_done', 'later', 'wrong_contact'] as const;
/** One dismissal reason. */
export type DismissReason = (typeof DISMISS_REASONS)[number];

const REASON_LABELS: Record<DismissReason, string> = {
  not_relevant: 'Not relevant',
  already_done: 'Already done',
  later: 'Later',
  wrong_contact: 'Wrong contact',
};

/** Everything a Next Best Action prompt shows. */
export type NbaPromptData = {
  opportunity: { id: string; name: string; accountName: string; stage: string; amount: Amount; currency: string };
  /** `operation` is the SDK operation that performs the action when the user picks "Do it". */
  action: { key: string; title: string; reason: string; operation: string };
  state: 'open' | 'done' | 'dismissed';
  /** A `DismissReason` when dismissed from the card; other strings are shown as given. */
  dismissReason?: string;
  /** Teams user ids of the recipients, whose clients refresh the card (universal actions). */
  userIds: string[];
};

function reasonLabel(reason: string | undefined): string {
  if (reason === undefined) return '';
  const known = (DISMISS_REASONS as readonly string[]).includes(reason);
  return `: ${known ? REASON_LABELS[reason as DismissReason] : escapeMarkdown(reason)}`;
}

function actions(ctx: CardContext, data: NbaPromptData, ids: NbaActionData): CardAction[] {
  const open = openUrl('Open in Pivotal', ctx.deepLink(data.opportunity.id));
  if (data.state !== 'open') return [open];
  const choices: Choice[] = DISMISS_REASONS.map((value) => ({ title: REASON_LABELS[value], value }));
  const dismiss = showCard(
    'Dismiss',
    [
      {
        type: 'Input.ChoiceSet',
        id: 'dismissReason',
        label: 'Why dismiss it?',
        style: 'expanded',
        choices,
        isRequired: true,
        errorMessage: 'Pick a reason.',
      },
    ],
    [execute('nba.dismiss', 'Dismiss', ids, { associatedInputs: 'auto' })],
  );
  return [execute('nba.do', 'Do it', ids, { style: 'positive' }), dismiss, open];
}

/** Builds a Next Best Action prompt in its current state. */
export function nextBestActionCard(ctx: CardContext, data: NbaPromptData): AdaptiveCard {
  const { opportunity: o, action } = data;
  const ids: NbaActionData = { opportunityId: o.id, actionKey: action.key, operation: action.operation };
  const body: CardElement[] = [
    note('Next best action', { size: 'default', spacing: 'default' }),
    heading(escapeMarkdown(action.title), { size: 'large', spacing: 'none' }),
    text(escapeMarkdown(action.reason), { spacing: 'small' }),
    {
      type: 'Container',
      style: 'emphasis',
      spacing: 'medium',
      items: [
        text(escapeMarkdown(o.name), { weight: 'bolder' }),
        note(
          [escapeMarkdown(o.accountName), escapeMarkdown(o.stage), formatAmount(ctx, o.amount, o.currency)].join(' · '),
          { size: 'default' },
        ),
      ],
    },
  ];
  if (data.state === 'done') body.push(text('Done', { weight: 'bolder', color: 'good', spacing: 'medium' }));
  if (data.state === 'dismissed') {
    body.push(
      text(`Dismissed${reasonLabel(data.dismissReason)}`, { weight: 'bolder', isSubtle: true, spacing: 'medium' }),
    );
  }
  return adaptiveCard(body, actions(ctx, data, ids), {
    fallbackText: `Next best action for ${o.name}: ${action.title}`,
    refresh: { action: execute('refresh', 'Refresh', { card: 'nba', ...ids }), userIds: data.userIds },
  });
}
