import { useDraggable } from '@dnd-kit/core';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Opportunity } from '@pivotal-pm/sdk';
import { memo, useCallback, useEffect, useRef } from 'react';
import { CardBody, isBreached, type CardInfo } from './CardBody';

export type { CardInfo } from './CardBody';

/** Fixed card height, so columns can be virtualised without measuring. */
export const CARD_HEIGHT = 136;

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
  // A card the caller may not move opens its detail on click: no grab hand.
  fixed: { cursor: 'pointer' },
  dragging: { opacity: 0.4 },
  overlay: { cursor: 'grabbing', boxShadow: tokens.shadow28, transform: 'rotate(2deg)' },
});

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
  const breached = isBreached(info);
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
      // A card that cannot move is not described as one that can be lifted.
      aria-describedby={draggable ? attributes['aria-describedby'] : undefined}
      role="button"
      tabIndex={0}
      aria-roledescription={draggable ? 'draggable opportunity' : 'opportunity'}
      // No aria-label: the accessible name is the card's visible text (WCAG 2.5.3, label in name).
      data-testid={`card-${opp.id}`}
      data-card-id={opp.id}
      data-stage={opp.stage}
      data-draggable={draggable}
      className={mergeClasses(
        styles.card,
        !draggable && styles.fixed,
        breached && styles.breached,
        isDragging && styles.dragging,
      )}
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
