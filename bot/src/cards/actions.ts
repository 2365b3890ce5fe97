// The card's actions and the verbs the bot's invoke handler answers, each with the data it carries.
import type { AdaptiveCard, CardElement, NestedCard, OpenUrlAction } from './schema';

/** Every Action.Execute verb a card may send, in one place for the invoke handler. */
export const CARD_VERBS = [
  'refresh',
  'sla.logCall',
  'sla.completeTask',
  'sla.snooze',
  'sla.remindOwner',
  'nba.do',
  'nba.dismiss',
  'task.complete',
  'digest.settings',
  'digest.saveSettings',
] as const;

/** A verb of an Action.Execute sent by one of the bot's cards. */
export type CardVerb = (typeof CARD_VERBS)[number];

/** The ids every SLA reminder action carries. */
export type SlaActionData = { breachId: string; taskId: string; opportunityId: string };

/** The ids every Next Best Action prompt action carries (`operation` is the SDK operation that performs it). */
export type NbaActionData = { opportunityId: string; actionKey: string; operation: string };

/** What a refresh asks for: which card, which view of it, and its ids. */
export type RefreshData =
  ({ card: 'slaReminder'; view: 'owner' | 'manager' } & SlaActionData) | ({ card: 'nba' } & NbaActionData);

/** The `data` of each verb (inputs named by `associatedInputs: 'auto'` are merged in by the client). */
export type VerbData = {
  refresh: RefreshData;
  'sla.logCall': SlaActionData;
  'sla.completeTask': SlaActionData;
  'sla.snooze': SlaActionData & { snoozeHours: number };
  'sla.remindOwner': SlaActionData;
  'nba.do': NbaActionData;
  'nba.dismiss': NbaActionData;
  'task.complete': { taskId: string };
  'digest.settings': Record<string, never>;
  'digest.saveSettings': Record<string, never>;
};

/** Button emphasis. */
export type ActionStyle = 'default' | 'positive' | 'destructive';

/** An Action.Execute (universal actions) of one verb. */
export type ExecuteOf<V extends CardVerb> = {
  type: 'Action.Execute';
  verb: V;
  data: VerbData[V];
  title: string;
  style?: ActionStyle;
  associatedInputs?: 'auto' | 'none';
  id?: string;
};

/** An Action.Execute of any verb, discriminated by `verb`. */
export type ExecuteAction = { [V in CardVerb]: ExecuteOf<V> }[CardVerb];

/** Reveals a nested card (used for the inputs of "Log a call" and "Dismiss"). */
export type ShowCardAction = { type: 'Action.ShowCard'; title: string; card: NestedCard; id?: string };

/** Every action the bot's cards use. */
export type CardAction = ExecuteAction | OpenUrlAction | ShowCardAction;

/** Builds an Action.Execute whose data is typed by its verb. */
export function execute<V extends CardVerb>(
  verb: V,
  title: string,
  data: VerbData[V],
  options: { style?: ActionStyle; associatedInputs?: 'auto' | 'none' } = {},
): ExecuteOf<V> {
  return { type: 'Action.Execute', verb, title, data, ...options };
}

/** Builds an Action.OpenUrl. */
export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** Builds an Action.ShowCard revealing the given elements and actions. */
export function showCard(title: string, body: CardElement[], actions: CardAction[]): ShowCardAction {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body, actions } };
}

/** Wraps body, actions and an optional refresh into a 1.5 card (empty action lists are left out). */
export function adaptiveCard(
  body: CardElement[],
  actions: CardAction[] = [],
  extra: Pick<AdaptiveCard, 'refresh' | 'fallbackText' | 'msteams'> = {},
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extra,
  };
}
