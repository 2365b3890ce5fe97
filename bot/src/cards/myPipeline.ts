// "my pipeline": the user's open pipeline by stage, its totals, the weighted forecast and open SLA breaches.
import { adaptiveCard, openUrl } from './actions';
import { appUrl, formatAmount, formatNumber, type Amount, type CardContext } from './context';
import type { AdaptiveCard, CardElement, TableCell, TableRow } from './schema';
import { escapeMarkdown, heading, text } from './text';

/** The user's open pipeline; totals are the backend's (exact decimal sums), shown as given. */
export type MyPipelineData = {
  currency: string;
  /** In pipeline order. */
  stages: { stage: string; count: number; amount: Amount }[];
  totals: { count: number; amount: Amount };
  /** Probability-weighted forecast of the open pipeline. */
  weighted: Amount;
  slaBreachesOpen: number;
};

function cell(value: string, bold = false): TableCell {
  return { type: 'TableCell', items: [text(value, bold ? { weight: 'bolder' } : {})] };
}

function row(cells: string[], bold = false): TableRow {
  return { type: 'TableRow', cells: cells.map((c) => cell(c, bold)), ...(bold ? { style: 'emphasis' as const } : {}) };
}

/** Builds the "my pipeline" answer. */
export function myPipelineCard(ctx: CardContext, data: MyPipelineData): AdaptiveCard {
  const money = (amount: Amount) => formatAmount(ctx, amount, data.currency);
  const body: CardElement[] = [heading('My pipeline', { size: 'large' })];
  if (data.stages.length === 0 || data.totals.count === 0) {
    body.push(text('You have no open deals.', { isSubtle: true }));
  } else {
    const right = { width: 1, horizontalCellContentAlignment: 'right' } as const;
    body.push({
      type: 'Table',
      columns: [{ width: 2 }, right, { ...right, width: 2 }],
      firstRowAsHeader: true,
      showGridLines: false,
      rows: [
        row(['Stage', 'Deals', 'Amount'], true),
        ...data.stages.map((s) => row([escapeMarkdown(s.stage), formatNumber(ctx, s.count), money(s.amount)])),
        row(['Total', formatNumber(ctx, data.totals.count), money(data.totals.amount)], true),
      ],
    });
  }
  body.push({
    type: 'FactSet',
    spacing: 'medium',
    facts: [
      { title: 'Weighted forecast', value: money(data.weighted) },
      { title: 'SLA breaches open', value: formatNumber(ctx, data.slaBreachesOpen) },
    ],
  });
  return adaptiveCard(body, [openUrl('Open pipeline', appUrl(ctx, ['pipeline']))], { fallbackText: 'My pipeline' });
}
