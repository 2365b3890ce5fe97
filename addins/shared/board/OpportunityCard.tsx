import { useDraggable } from '@dnd-kit/core';
import { Badge, Caption1, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { ClockAlarmRegular } from '@fluentui/react-icons';
import type { Opportunity } from '@pivotal-pm/sdk';
import { memo, useCallback, useEffect, useRef } from 'react';
import { formatMoney } from '../data/money';

/** Fixed card height, so columns can be virtualised without measuring. */
export const CARD_HEIGHT = 112;

const useStyles = makeStyles({
  card: {
    boxSizing: 'border-box',
    height: `${CARD_HEIGHT}px`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    cursor: 'grab',
    textAlign: 'start',
    touchAction: 'none',
    ':hover': { boxShadow: tokens.shadow8, backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  breached: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteDarkOrangeBorder2}` },
  dragging: { opacity: 0.4 },
  overlay: { cursor: 'grabbing', boxShadow: tokens.shadow28, transform: 'rotate(2deg)' },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  row: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

/** How a card describes its opportunity: names resolved, idle state computed by the board. */
export type CardInfo = {
  accountName: string;
  ownerName: string;
  daysInStage: number;
  idleHours: number | null;
  slaHours: number | null;
};

/** Whole days between an ISO time and now. */
export const daysSince = (iso: string, now: number): number =>
  Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000));

type CardProps = {
  opp: Opportunity;
  info: CardInfo;
  draggable: boolean;
  onOpen(id: string): void;
  overlay?: boolean;
  /** Take the keyboard focus when it was lost (the card just moved columns with the keyboard, or its dialog closed). */
  takeFocus?: boolean;
  onFocusTaken?(): void;
};

function CardBody({ opp, info }: { opp: Opportunity; info: CardInfo }) {
  const styles = useStyles();
  const breached = info.slaHours !== null && info.idleHours !== null && info.idleHours > info.slaHours;
  return (
    <>
      <Text className={styles.name}>{opp.name}</Text>
      <Caption1 className={styles.muted}>{info.accountName}</Caption1>
      <div className={styles.row}>
        <Text weight="semibold">{formatMoney(opp.amount, opp.currency)}</Text>
        <Caption1 className={styles.muted}>{opp.closeDate ? `Close ${opp.closeDate}` : 'No close date'}</Caption1>
      </div>
      <div className={styles.row}>
        <Caption1 className={styles.muted}>
          {info.ownerName ? `${info.ownerName} · ` : ''}
          {info.daysInStage}d in stage
        </Caption1>
        {breached && (
          <Badge
            className={styles.badge}
            appearance="tint"
            color="warning"
            size="small"
            icon={<ClockAlarmRegular />}
            title={`No activity for ${Math.floor(info.idleHours! / 24)} days (SLA ${info.slaHours} h)`}
          >
            Idle {Math.floor(info.idleHours! / 24)}d
          </Badge>
        )}
      </div>
    </>
  );
}

/** A card on the board: drag it (pointer or keyboard) to another column; Enter opens the detail. */
export const OpportunityCard = memo(function OpportunityCard({
  opp,
  info,
  draggable,
  onOpen,
  overlay,
  takeFocus,
  onFocusTaken,
}: CardProps) {
  const styles = useStyles();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: opp.id,
    disabled: !draggable || overlay === true,
    data: { opp },
  });
  const node = useRef<HTMLDivElement | null>(null);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      node.current = el;
      setNodeRef(el);
    },
    [setNodeRef],
  );
  useEffect(() => {
    const el = node.current;
    if (!takeFocus || !el) return;
    // Only focus that was lost (with the card's old node) or is already here: never out of a dialog or a panel.
    const active = document.activeElement;
    if (active === null || active === document.body || active === el) {
      if (active !== el) el.focus();
      onFocusTaken?.();
    }
  }, [takeFocus, onFocusTaken]);
  const breached = info.slaHours !== null && info.idleHours !== null && info.idleHours > info.slaHours;
  if (overlay) {
    return (
      <div className={mergeClasses(styles.card, styles.overlay, breached && styles.breached)}>
        <CardBody opp={opp} info={info} />
      </div>
    );
  }
  return (
    <div
      ref={ref}
      {...attributes}
      {...listeners}
      // dnd-kit marks a card it may not drag aria-disabled, yet the card still opens the detail: not disabled.
      aria-disabled={undefined}
      role="button"
      tabIndex={0}
      aria-roledescription={draggable ? 'draggable opportunity' : 'opportunity'}
      // No aria-label: the accessible name is the card's visible text (WCAG 2.5.3, label in name).
      data-testid={`card-${opp.id}`}
      data-card-id={opp.id}
      data-stage={opp.stage}
      className={mergeClasses(styles.card, breached && styles.breached, isDragging && styles.dragging)}
      onClick={() => onOpen(opp.id)}
      onKeyDown={(e) => {
        // Space lifts the card (dnd-kit); Enter opens it. The detail takes the focus at once: without
        // preventDefault the same Enter would then press the panel's Close button and shut it again.
        if (e.key === 'Enter') {
          e.preventDefault();
          onOpen(opp.id);
        } else listeners?.onKeyDown?.(e);
      }}
    >
      <CardBody opp={opp} info={info} />
    </div>
  );
});
