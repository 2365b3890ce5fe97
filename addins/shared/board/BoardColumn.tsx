import { useDroppable } from '@dnd-kit/core';
import {
  Caption1,
  CounterBadge,
  makeStyles,
  mergeClasses,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import type { Opportunity } from '@pivotal-pm/sdk';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { formatMoney } from '../data/format';
import type { Figures } from '../data/money';
import { stageLabel } from '../data/moves';
import { CARD_HEIGHT, OpportunityCard, type CardInfo } from './OpportunityCard';

const GAP = 8;

const useStyles = makeStyles({
  column: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 0 264px',
    maxWidth: '360px',
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    transitionProperty: 'background-color, border-color',
    transitionDuration: tokens.durationFaster,
  },
  over: {
    backgroundColor: tokens.colorBrandBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
  },
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  figures: { display: 'flex', justifyContent: 'space-between', color: tokens.colorNeutralForeground2 },
  scroller: { flex: '1 1 auto', overflowY: 'auto', minHeight: 0, padding: tokens.spacingHorizontalS },
  empty: { padding: tokens.spacingVerticalL, textAlign: 'center', color: tokens.colorNeutralForeground3 },
});

type ColumnProps = {
  stage: string;
  items: Opportunity[];
  figures: Figures;
  currency: string;
  loading: boolean;
  /** Whether the caller may move this card (see `mayMove`): only those cards can be dragged or lifted. */
  movable(opp: Opportunity): boolean;
  infoOf(opp: Opportunity): CardInfo;
  onOpen(id: string): void;
  /** The card of this column that takes the keyboard focus when it was lost (see `OpportunityCard`). */
  focusId?: string | null;
  onFocusTaken?(): void;
};

/** One stage of the board: header with count, total and weighted amount; a virtualised list of cards. */
export function BoardColumn({
  stage,
  items,
  figures,
  currency,
  loading,
  movable,
  infoOf,
  onOpen,
  focusId = null,
  onFocusTaken,
}: ColumnProps) {
  const styles = useStyles();
  const { setNodeRef, isOver } = useDroppable({ id: `column:${stage}`, data: { stage } });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + GAP,
    overscan: 6,
    initialRect: { width: 288, height: 800 },
  });
  const label = stageLabel(stage);
  return (
    <section
      ref={setNodeRef}
      className={mergeClasses(styles.column, isOver && styles.over)}
      aria-label={`${label}: ${figures.count} opportunities`}
      data-testid={`column-${stage}`}
    >
      <header className={styles.header}>
        <div className={styles.titleRow}>
          <Subtitle2 as="h2">{label}</Subtitle2>
          <CounterBadge
            count={figures.count}
            overflowCount={99999}
            appearance="ghost"
            color="informative"
            data-testid={`count-${stage}`}
          />
          {loading && <Spinner size="extra-tiny" aria-label={`Loading more ${label}`} />}
        </div>
        <div className={styles.figures}>
          <Caption1 data-testid={`amount-${stage}`} data-value={figures.amount}>
            {formatMoney(figures.amount, currency)}
          </Caption1>
          <Caption1 data-testid={`weighted-${stage}`} data-value={figures.weighted}>
            weighted {formatMoney(figures.weighted, currency)}
          </Caption1>
        </div>
      </header>
      <div ref={scrollRef} className={styles.scroller} role="list" aria-label={`${label} cards`} tabIndex={-1}>
        {items.length === 0 && <div className={styles.empty}>No opportunities</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const opp = items[row.index]!;
            return (
              <div key={opp.id} role="listitem" style={{ position: 'absolute', top: row.start, left: 0, right: 0 }}>
                <OpportunityCard
                  opp={opp}
                  info={infoOf(opp)}
                  draggable={movable(opp)}
                  onOpen={onOpen}
                  takeFocus={focusId === opp.id}
                  onFocusTaken={onFocusTaken}
                />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
