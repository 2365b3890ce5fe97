import { makeStyles, tokens } from '@fluentui/react-components';

/** The charts of an analytics section side by side, wrapping on narrow screens. */
export const useChartGrid = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalXL,
  },
});

const useStyles = makeStyles({
  list: {
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    minWidth: '260px',
  },
  row: { display: 'grid', gridTemplateColumns: '150px 1fr 90px', alignItems: 'center', gap: tokens.spacingHorizontalS },
  label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground2 },
  track: {
    position: 'relative',
    height: '18px',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
  },
  // Outlined as well as filled: in high contrast only the outline shows.
  bar: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    left: 0,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorBrandBackground,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
  },
  muted: {
    backgroundColor: tokens.colorNeutralBackground5,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  value: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

export type Bar = { label: string; value: number; text: string; muted?: boolean };

/**
 * Horizontal bars in theme tokens (light, dark and high contrast), each with its figure written beside it: the
 * figure is the truth, the bar only its shape. `max` defaults to the largest value.
 */
export function Bars({ bars, label, max }: { bars: Bar[]; label: string; max?: number }) {
  const styles = useStyles();
  const top = max ?? Math.max(0, ...bars.map((b) => b.value));
  return (
    <ul className={styles.list} aria-label={label}>
      {bars.map((b) => (
        <li key={b.label} className={styles.row}>
          <span className={styles.label} title={b.label}>
            {b.label}
          </span>
          <span className={styles.track} aria-hidden>
            <span
              className={b.muted ? `${styles.bar} ${styles.muted}` : styles.bar}
              style={{ width: `${top > 0 ? Math.max(0, Math.min(100, (b.value / top) * 100)) : 0}%` }}
            />
          </span>
          <span className={styles.value}>{b.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** A share as a percentage ("42%"), or an en dash when there was nothing to share. */
export const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
/** Days with one decimal ("12.5 d"), or an en dash. */
export const dayText = (days: number | null) =>
  days === null ? '–' : `${days.toLocaleString(undefined, { maximumFractionDigits: 1 })} d`;
