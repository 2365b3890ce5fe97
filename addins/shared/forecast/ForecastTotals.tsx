import { Caption1, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Forecast, Pipeline } from '@pivotal-pm/sdk';
import { formatMoney } from '../data/format';
import { useClosedWon } from './closedWon';

const useStyles = makeStyles({
  totals: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  total: { minWidth: '160px', padding: tokens.spacingVerticalM },
  figure: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

const LABELS = { count: 'Open deals', amount: 'Pipeline', weighted: 'Weighted', commit: 'Commit' } as const;

type TotalsProps = { forecast: Forecast; pipeline: Pipeline; range: { from: string; to: string; label: string } };

/** The period's totals: open deals, pipeline, weighted and commit (the API's forecast), and closed won beside them. */
export function ForecastTotals({ forecast: f, pipeline, range }: TotalsProps) {
  const styles = useStyles();
  const won = useClosedWon(pipeline, range, f.currency);
  return (
    <div className={styles.totals}>
      {(['count', 'amount', 'weighted', 'commit'] as const).map((k) => (
        <Card key={k} className={styles.total} data-testid={`forecast-total-${k}`} data-value={String(f.totals[k])}>
          <Text size={200}>{LABELS[k]}</Text>
          <Text className={styles.figure}>{k === 'count' ? f.totals.count : formatMoney(f.totals[k], f.currency)}</Text>
        </Card>
      ))}
      <Card
        className={styles.total}
        data-testid="forecast-total-won"
        data-value={won.data?.amount}
        data-count={won.data?.count}
      >
        <Text size={200}>Closed won</Text>
        <Text className={styles.figure}>
          {won.data ? formatMoney(won.data.amount, f.currency) : won.isError ? 'Not available' : '…'}
        </Text>
        {won.data && (
          <Caption1 className={styles.muted}>
            {won.data.count} {won.data.count === 1 ? 'deal' : 'deals'} closing in {range.label}
            {won.data.otherCurrencies > 0 ? ` (+${won.data.otherCurrencies} in other currencies)` : ''}
          </Caption1>
        )}
      </Card>
    </div>
  );
}
