import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import { isTerminalStage, isWonStage, maxIdleHours, type Opportunity, type Pipeline } from '@pivotal-pm/sdk';
import { useCallback, useMemo, useState } from 'react';
import { can, useHealthBands, useMe, useNames } from '../data/api';
import { useBoard, type BoardFilters } from '../data/board';
import { sumFigures } from '../data/money';
import { isOverdue, todayOf } from '../data/format';
import { useMoveOpportunity, type MoveOutcome } from '../data/moves';
import { isAgencyInternal, mayMove } from '../data/permissions';
import { BoardColumn } from './BoardColumn';
import { CloseDialog } from './CloseDialog';
import {
  boardAnnouncements,
  boardInstructions,
  columnKeyboardCoordinates,
  groupByStage,
  stageOfDroppable,
} from './keyboard';
import { daysSince, OpportunityCard, type CardInfo } from './OpportunityCard';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, flex: '1 1 auto' },
  columns: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    overflowX: 'auto',
    flex: '1 1 auto',
    minHeight: 0,
    paddingBottom: tokens.spacingVerticalS,
  },
  status: { ':empty': { display: 'none' } },
});

// Pointer drags pick the column under the pointer; keyboard drags (no pointer) the one the card overlaps.
const collisions: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

type BoardProps = { pipeline: Pipeline; filters: BoardFilters; onOpen(id: string): void; now?: number };

/** The card the keyboard focus follows into `stage` (null: wherever it shows, after a refused move rolled back). */
type FocusFollow = { id: string; stage: string | null };

/** The pipeline board: one column per stage of `stageOrder`; drag (or lift with the keyboard) to move. */
export function PipelineBoard({ pipeline, filters, onOpen, now = Date.now() }: BoardProps) {
  const styles = useStyles();
  const me = useMe();
  const board = useBoard(pipeline, filters);
  const users = useNames('user', can(me.data, 'directory.read'));
  const accounts = useNames('account', can(me.data, 'account.read'));
  const [outcome, setOutcome] = useState<MoveOutcome | null>(null);
  const [closing, setClosing] = useState<{ opp: Opportunity; stage: string } | null>(null);
  const [active, setActive] = useState<Opportunity | null>(null);
  const [follow, setFollow] = useState<FocusFollow | null>(null);
  const followed = useCallback(() => setFollow(null), []);
  const move = useMoveOpportunity(
    useCallback((o: MoveOutcome) => {
      setOutcome(o);
      // A refused move puts the card back: the focus follows it there.
      if (o.kind === 'error') setFollow((f) => (f ? { ...f, stage: null } : f));
    }, []),
  );
  // Only the cards the server would let the caller move can be dragged or lifted (a rep: their own open deals).
  const movable = useCallback((opp: Opportunity) => mayMove(me.data, opp, pipeline), [me.data, pipeline]);
  const internal = isAgencyInternal(me.data);
  const contacts = can(me.data, 'contact.read');
  const tasks = can(me.data, 'task.read');
  const bands = useHealthBands(internal && can(me.data, 'analytics.read'));
  const today = todayOf(now);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnKeyboardCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] },
    }),
  );
  const items = board.data?.items ?? [];
  const groups = useMemo(() => groupByStage(items, pipeline.stageOrder), [items, pipeline.stageOrder]);
  const byId = useMemo(() => new Map(items.map((o) => [o.id, o])), [items]);
  const sla = pipeline.slaPolicy;
  const infoOf = useCallback(
    (opp: Opportunity): CardInfo => ({
      accountName: accounts.data?.get(opp.accountId) ?? 'Account',
      // Roles without the directory (client viewers) see no owner names: the card then leaves the owner out.
      ownerName: users.data?.get(opp.ownerId) ?? '',
      daysInStage: daysSince(opp.stageEnteredAt, now),
      idleHours: Math.floor((now - Date.parse(opp.lastActivityAt ?? opp.stageEnteredAt)) / 3_600_000),
      // Closed cards carry no SLA, even when the policy gives their stage an idle limit; client viewers never see
      // the agency's internal SLA cues.
      slaHours: !internal || isTerminalStage(opp.stage) ? null : maxIdleHours(sla, opp.stage),
      overdue: isOverdue(opp, today),
      // The health score is an internal cue too; closed deals have none.
      health: internal && opp.status === 'open' ? opp.score : null,
      bands,
      contacts,
      tasks,
    }),
    [accounts.data, users.data, now, sla, internal, today, contacts, tasks, bands],
  );
  const announcements = useMemo(
    () =>
      boardAnnouncements(
        (id) => stageOfDroppable(id),
        (id) => byId.get(String(id))?.name ?? 'card',
      ),
    [byId],
  );

  const onDragStart = (e: DragStartEvent) => {
    setFollow(null);
    setActive(byId.get(String(e.active.id)) ?? null);
  };
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const opp = byId.get(String(e.active.id));
    const stage = e.over ? stageOfDroppable(e.over.id) : undefined;
    if (!opp || !stage || stage === opp.stage || !movable(opp)) return;
    // The reason dialog takes the focus itself (and gives it back to the card when it closes).
    if (isTerminalStage(stage)) return setClosing({ opp, stage });
    // Moved with the keyboard: the focus goes with the card to its new column.
    if (e.activatorEvent instanceof KeyboardEvent) setFollow({ id: opp.id, stage });
    move.mutate({ opp, toStage: stage });
  };
  const closeDialog = (toStage: string | null, reason?: string) => {
    if (!closing) return;
    setClosing(null);
    setFollow({ id: closing.opp.id, stage: toStage ?? closing.opp.stage });
    if (toStage && reason) move.mutate({ opp: closing.opp, toStage, reason });
  };

  if (board.isPending) return <Spinner label="Loading the board" />;
  if (board.isError)
    return (
      <MessageBar intent="error">
        <MessageBarBody>The board could not be loaded: {board.error.message}</MessageBarBody>
      </MessageBar>
    );
  const currency = pipeline.defaultCurrency;
  return (
    <div className={styles.root}>
      <div className={styles.status} aria-live="polite" role="status">
        {outcome && (
          <MessageBar intent={outcome.kind === 'error' ? 'error' : 'success'} data-testid="move-outcome">
            <MessageBarBody>{outcome.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={collisions}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
        accessibility={{ announcements, screenReaderInstructions: boardInstructions, restoreFocus: false }}
      >
        <div className={styles.columns} data-testid="board">
          {pipeline.stageOrder.map((stage) => {
            const cards = groups.get(stage) ?? [];
            return (
              <BoardColumn
                key={stage}
                stage={stage}
                items={cards}
                currency={currency}
                figures={{ ...sumFigures(cards.filter((c) => c.currency === currency)), count: cards.length }}
                loading={board.data.loadingStages.includes(stage)}
                movable={movable}
                infoOf={infoOf}
                onOpen={onOpen}
                focusId={follow && (follow.stage === null || follow.stage === stage) ? follow.id : null}
                onFocusTaken={followed}
              />
            );
          })}
        </div>
        <DragOverlay dropAnimation={null}>
          {active && <OpportunityCard opp={active} info={infoOf(active)} draggable={false} onOpen={onOpen} overlay />}
        </DragOverlay>
      </DndContext>
      {closing && (
        <CloseDialog
          outcome={isWonStage(closing.stage) ? 'won' : 'lost'}
          name={closing.opp.name}
          onCancel={() => closeDialog(null)}
          onConfirm={(reason) => closeDialog(closing.stage, reason)}
        />
      )}
    </div>
  );
}
