import {
  Body1Strong,
  Caption1,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { isTerminalStage, type PipelineMetrics } from '@pivotal-pm/sdk';
import { formatMoney } from '../data/money';
import { Bars, useChartGrid, dayText, percent } from './Bars';

const useStyles = makeStyles({
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXL,
    marginBottom: tokens.spacingVerticalL,
  },
  figure: { display: 'flex', flexDirection: 'column' },
  number: { fontVariantNumeric: 'tabular-nums' },
});

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  const styles = useStyles();
  return (
    <div className={styles.figure}>
      <Caption1>{label}</Caption1>
      <Text size={500} weight="semibold" className={styles.number} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** Conversion by stage, time in stage, velocity, win rate and win/loss by reason, from `pipeline.metrics.get`. */
export function PipelineSection({ metrics }: { metrics: PipelineMetrics }) {
  const styles = useStyles();
  const grid = useChartGrid();
  const money = (amount: string) => formatMoney(amount, metrics.currency);
  const open = metrics.stages.filter((s) => !isTerminalStage(s.stage));
  return (
    <section aria-label="Pipeline conversion and velocity">
      <div className={styles.figures}>
        <Figure label="Win rate" value={percent(metrics.winRate)} testId="win-rate" />
        <Figure label="Won" value={`${metrics.won} · ${money(metrics.wonAmount)}`} testId="won" />
        <Figure label="Lost" value={String(metrics.lost)} testId="lost" />
        <Figure
          label="Sales cycle (mean / median)"
          value={`${dayText(metrics.velocity.avgDaysToClose)} / ${dayText(metrics.velocity.medianDaysToClose)}`}
          testId="cycle"
        />
        <Figure label="Weighted pipeline" value={money(metrics.weighted)} testId="weighted" />
        {metrics.slaBreaches !== null && (
          <Figure label="SLA breaches now" value={String(metrics.slaBreaches)} testId="sla-breaches" />
        )}
      </div>
      <div className={grid.grid}>
        <div>
          <Body1Strong>Conversion to a later stage</Body1Strong>
          <Bars
            label="Conversion by stage"
            max={1}
            bars={open.map((s) => ({ label: s.stage, value: s.conversionRate ?? 0, text: percent(s.conversionRate) }))}
          />
        </div>
        <div>
          <Body1Strong>Win and loss reasons</Body1Strong>
          <Bars
            label="Win and loss reasons"
            bars={metrics.winLossByReason.map((r) => ({
              label: `${r.outcome === 'won' ? 'Won' : 'Lost'}: ${r.reason}`,
              value: r.count,
              text: String(r.count),
              muted: r.outcome === 'lost',
            }))}
          />
        </div>
      </div>
      <Table size="small" aria-label="Stages">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Stage</TableHeaderCell>
            <TableHeaderCell>Open now</TableHeaderCell>
            <TableHeaderCell>Entered</TableHeaderCell>
            <TableHeaderCell>Moved on</TableHeaderCell>
            <TableHeaderCell>Conversion</TableHeaderCell>
            <TableHeaderCell>Days in stage (mean / median)</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {metrics.stages.map((s) => (
            <TableRow key={s.stage} data-stage={s.stage}>
              <TableCell>{s.stage}</TableCell>
              <TableCell>
                {s.count} · {money(s.amount)}
              </TableCell>
              <TableCell>{s.entered}</TableCell>
              <TableCell>{isTerminalStage(s.stage) ? '–' : s.converted}</TableCell>
              <TableCell data-testid={`conversion-${s.stage}`}>{percent(s.conversionRate)}</TableCell>
              <TableCell>
                {dayText(s.avgDaysInStage)} / {dayText(s.medianDaysInStage)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
