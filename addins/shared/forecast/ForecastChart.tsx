import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { formatMoney } from '../data/format';

const useStyles = makeStyles({
  chart: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: '280px' },
  row: { display: 'grid', gridTemplateColumns: '140px 1fr', alignItems: 'center', gap: tokens.spacingHorizontalS },
  label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground2 },
  track: {
    position: 'relative',
    height: '22px',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
  },
  // Outlined as well as filled: in high contrast the fill is the page colour and only the outline shows.
  amount: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    left: 0,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorBrandBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusSmall,
  },
  weighted: {
    position: 'absolute',
    top: '4px',
    bottom: '4px',
    left: 0,
    backgroundColor: tokens.colorBrandBackground,
    borderRadius: tokens.borderRadiusSmall,
  },
  commit: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: '3px',
    backgroundColor: tokens.colorPaletteGreenBorderActive,
  },
  legend: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
  swatch: {
    display: 'inline-block',
    width: '10px',
    height: '10px',
    marginRight: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusSmall,
  },
  swatchAmount: {
    boxSizing: 'border-box',
    backgroundColor: tokens.colorBrandBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
  },
  swatchWeighted: { backgroundColor: tokens.colorBrandBackground },
  swatchCommit: { backgroundColor: tokens.colorPaletteGreenBorderActive },
});

/** One bar of the chart. */
export type ChartRow = { key: string; label: string; count: number; amount: string; weighted: string; commit: string };

/** Horizontal bars: total amount (light), weighted (brand) and the commit mark (green), per group. */
export function ForecastChart({ rows, currency }: { rows: ChartRow[]; currency: string }) {
  const styles = useStyles();
  const max = Math.max(1, ...rows.map((r) => Number(r.amount)));
  const pct = (v: string) => `${(Number(v) / max) * 100}%`;
  return (
    <figure className={styles.chart} aria-label="Forecast chart">
      {rows.map((r) => (
        <div
          key={r.key}
          className={styles.row}
          title={`${r.label}: ${formatMoney(r.amount, currency)} total, ${formatMoney(r.weighted, currency)} weighted, ${formatMoney(r.commit, currency)} commit`}
        >
          <span className={styles.label}>{r.label}</span>
          <div
            className={styles.track}
            role="img"
            aria-label={`${r.label}: weighted ${formatMoney(r.weighted, currency)} of ${formatMoney(r.amount, currency)}`}
          >
            <div className={styles.amount} style={{ width: pct(r.amount) }} />
            <div className={styles.weighted} style={{ width: pct(r.weighted) }} />
            <div className={styles.commit} style={{ left: pct(r.commit) }} />
          </div>
        </div>
      ))}
      <figcaption className={styles.legend}>
        <span>
          <span className={mergeClasses(styles.swatch, styles.swatchAmount)} />
          Amount
        </span>
        <span>
          <span className={mergeClasses(styles.swatch, styles.swatchWeighted)} />
          Weighted
        </span>
        <span>
          <span className={mergeClasses(styles.swatch, styles.swatchCommit)} />
          Commit
        </span>
      </figcaption>
    </figure>
  );
}
