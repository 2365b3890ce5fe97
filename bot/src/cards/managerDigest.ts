// The manager's daily or weekly digest: pipeline movement, deals at risk, SLA breaches and the team's activity.
import { adaptiveCard, execute, openUrl } from './actions';
import {
  appUrl,
  formatAmount,
  formatDate,
  formatDateRange,
  formatNumber,
  type Amount,
  type CardContext,
} from './context';
import type { AdaptiveCard, CardElement, Column, Fact, TableCell, TableRow, TextColor } from './schema';
import { escapeMarkdown, heading, note, text } from './text';

/** A health band, from the tenant's scoring thresholds. */
export type HealthBand = 'healthy' | 'watch' | 'at_risk';

/** One deal at risk in the digest. */
export type DigestAtRiskDeal = {
  id: string;
  name: string;
  ownerName: string;
  /** Health score, 0–100. */
  score: number;
  band: HealthBand;
  amount: Amount;
  currency: string;
};

/** One rep's activity in the period. */
export type DigestRepActivity = { name: string; emails: number; calls: number; meetings: number; tasksDone: number };

/** Everything a manager digest shows; figures are shown as given. */
export type DigestData = {
  period: 'daily' | 'weekly';
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, inclusive. */
  to: string;
  pipeline: {
    created: number;
    advanced: number;
    won: { count: number; amount: Amount };
    lost: { count: number; amount: Amount };
    currency: string;
  };
  /** Worst first; the card shows the first five. */
  atRisk: DigestAtRiskDeal[];
  sla: { open: number; new: number; byStage: { stage: string; count: number }[] };
  team: DigestRepActivity[];
};

const MAX_AT_RISK = 5;
const BAND: Record<HealthBand, { label: string; color: TextColor }> = {
  healthy: { label: 'Healthy', color: 'good' },
  watch: { label: 'Watch', color: 'warning' },
  at_risk: { label: 'At risk', color: 'attention' },
};

function section(title: string): CardElement {
  return heading(title, { size: 'default', spacing: 'large', separator: true });
}

function movement(ctx: CardContext, p: DigestData['pipeline']): CardElement[] {
  const quiet = p.created + p.advanced + p.won.count + p.lost.count === 0;
  if (quiet) return [text('No pipeline movement in this period.', { isSubtle: true })];
  const closed = (c: { count: number; amount: Amount }) =>
    `${formatNumber(ctx, c.count)} · ${formatAmount(ctx, c.amount, p.currency)}`;
  const facts: Fact[] = [
    { title: 'Created', value: formatNumber(ctx, p.created) },
    { title: 'Advanced', value: formatNumber(ctx, p.advanced) },
    { title: 'Won', value: closed(p.won) },
    { title: 'Lost', value: closed(p.lost) },
  ];
  return [{ type: 'FactSet', facts }];
}

function atRisk(ctx: CardContext, deals: DigestAtRiskDeal[]): CardElement[] {
  if (deals.length === 0) return [text('No deals at risk.', { isSubtle: true })];
  const rows: CardElement[] = deals.slice(0, MAX_AT_RISK).map((d) => {
    const band = BAND[d.band];
    const columns: Column[] = [
      {
        type: 'Column',
        width: 'stretch',
        items: [text(escapeMarkdown(d.name), { weight: 'bolder' }), note(escapeMarkdown(d.ownerName))],
      },
      {
        type: 'Column',
        width: 'auto',
        items: [
          text(formatAmount(ctx, d.amount, d.currency), { horizontalAlignment: 'right' }),
          note(`${band.label} · ${formatNumber(ctx, d.score)}`, { color: band.color, horizontalAlignment: 'right' }),
        ],
      },
    ];
    // The whole row opens the deal, so no markdown link has to carry a URL.
    return { type: 'ColumnSet', columns, spacing: 'small', selectAction: openUrl(d.name, ctx.deepLink(d.id)) };
  });
  const more = deals.length - MAX_AT_RISK;
  if (more > 0) rows.push(note(`and ${formatNumber(ctx, more)} more`));
  return rows;
}

function breaches(ctx: CardContext, sla: DigestData['sla']): CardElement[] {
  if (sla.open === 0 && sla.new === 0) return [text('No open SLA breaches.', { isSubtle: true })];
  const summary = text(`**${formatNumber(ctx, sla.open)}** open · **${formatNumber(ctx, sla.new)}** new`, {
    color: sla.open > 0 ? 'attention' : 'default',
  });
  const facts: Fact[] = sla.byStage.map((s) => ({ title: escapeMarkdown(s.stage), value: formatNumber(ctx, s.count) }));
  return facts.length === 0 ? [summary] : [summary, { type: 'FactSet', facts, spacing: 'small' }];
}

function cell(value: string, bold = false): TableCell {
  return { type: 'TableCell', items: [text(value, bold ? { weight: 'bolder' } : {})] };
}

function team(ctx: CardContext, reps: DigestRepActivity[]): CardElement[] {
  if (reps.length === 0) return [text('No activity logged by the team.', { isSubtle: true })];
  const header: TableRow = {
    type: 'TableRow',
    style: 'emphasis',
    cells: ['Rep', 'Emails', 'Calls', 'Meetings', 'Tasks done'].map((h) => cell(h, true)),
  };
  const rows: TableRow[] = reps.map((r) => ({
    type: 'TableRow',
    cells: [
      cell(escapeMarkdown(r.name)),
      ...[r.emails, r.calls, r.meetings, r.tasksDone].map((n) => cell(formatNumber(ctx, n))),
    ],
  }));
  const numeric = { width: 1, horizontalCellContentAlignment: 'right' } as const;
  return [
    {
      type: 'Table',
      columns: [{ width: 3 }, numeric, numeric, numeric, numeric],
      rows: [header, ...rows],
      firstRowAsHeader: true,
      showGridLines: false,
    },
  ];
}

/** Builds the manager's daily or weekly digest. */
export function managerDigestCard(ctx: CardContext, data: DigestData): AdaptiveCard {
  const range = data.period === 'daily' ? formatDate(ctx, data.from) : formatDateRange(ctx, data.from, data.to);
  const body: CardElement[] = [
    heading(data.period === 'daily' ? 'Daily digest' : 'Weekly digest', { size: 'large' }),
    note(range, { size: 'default' }),
    section('Pipeline movement'),
    ...movement(ctx, data.pipeline),
    section('Deals at risk'),
    ...atRisk(ctx, data.atRisk),
    section('SLA breaches'),
    ...breaches(ctx, data.sla),
    section('Team activity'),
    ...team(ctx, data.team),
  ];
  const analytics = appUrl(ctx, ['analytics'], { from: data.from, to: data.to });
  return adaptiveCard(body, [openUrl('View analytics', analytics), execute('digest.settings', 'Settings', {})], {
    fallbackText: `${data.period === 'daily' ? 'Daily' : 'Weekly'} digest`,
    msteams: { width: 'Full' },
  });
}
