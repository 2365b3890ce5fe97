// Walks a built card for the tests: every action (body, ShowCard cards, selectActions, refresh) and every
// markdown-processed string.
import type { CardAction, ExecuteAction } from './actions';
import type { AdaptiveCard, CardElement, NestedCard } from './schema';

function elementsOf(element: CardElement): CardElement[] {
  switch (element.type) {
    case 'Container':
      return element.items;
    case 'ColumnSet':
      return element.columns.flatMap((c) => c.items);
    case 'Table':
      return element.rows.flatMap((r) => r.cells.flatMap((c) => c.items));
    default:
      return [];
  }
}

/** Every element of a body, depth first (not descending into ShowCard cards). */
export function allElements(body: CardElement[]): CardElement[] {
  return body.flatMap((e) => [e, ...allElements(elementsOf(e))]);
}

function actionsOf(card: AdaptiveCard | NestedCard): CardAction[] {
  const elements = allElements(card.body);
  const own: CardAction[] = [
    ...(card.actions ?? []),
    ...elements.flatMap((e) => (e.type === 'ActionSet' ? e.actions : [])),
    ...elements.flatMap((e) =>
      (e.type === 'ColumnSet' || e.type === 'Container') && e.selectAction ? [e.selectAction] : [],
    ),
  ];
  return own.flatMap((a) => (a.type === 'Action.ShowCard' ? [a, ...actionsOf(a.card)] : [a]));
}

/** Every action of a card, including those of ShowCard cards, selectActions and the refresh action. */
export function allActions(card: AdaptiveCard): CardAction[] {
  return [...actionsOf(card), ...(card.refresh ? [card.refresh.action] : [])];
}

/** Every Action.Execute of a card. */
export function allExecutes(card: AdaptiveCard): ExecuteAction[] {
  return allActions(card).filter((a): a is ExecuteAction => a.type === 'Action.Execute');
}

/** Every body element of a card, including those of ShowCard cards. */
export function allCardElements(card: AdaptiveCard | NestedCard): CardElement[] {
  const shown = (card.actions ?? []).flatMap((a) => (a.type === 'Action.ShowCard' ? allCardElements(a.card) : []));
  return [...allElements(card.body), ...shown];
}

/** Every markdown-processed string of a card: TextBlock texts and fact titles and values. */
export function markdownTexts(card: AdaptiveCard): string[] {
  return allCardElements(card).flatMap((e) => {
    if (e.type === 'TextBlock') return [e.text];
    if (e.type === 'FactSet') return e.facts.flatMap((f) => [f.title, f.value]);
    return [];
  });
}
