import type { Announcements, KeyboardCoordinateGetter, ScreenReaderInstructions } from '@dnd-kit/core';
import type { Opportunity } from '@pivotal-pm/sdk';
import { stageLabel } from '../data/moves';

/**
 * Keyboard moves jump a whole column: Left and Right put the lifted card over the previous or next stage
 * (dnd-kit's default moves 25 px per key press, which would take a dozen presses per column).
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!collisionRect) return undefined;
  const centre = collisionRect.left + collisionRect.width / 2;
  const columns = droppableContainers
    .getEnabled()
    .map((c) => droppableRects.get(c.id))
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .sort((a, b) => a.left - b.left);
  const current = columns.findIndex((r) => centre >= r.left && centre <= r.left + r.width);
  const target = columns[current < 0 ? 0 : event.code === 'ArrowRight' ? current + 1 : current - 1];
  if (!target) return currentCoordinates;
  return { x: target.left + (target.width - collisionRect.width) / 2, y: currentCoordinates.y };
};

/** What a screen reader hears while a card is lifted, moved and dropped. */
export function boardAnnouncements(
  stageOf: (id: string | number) => string | undefined,
  nameOf: (id: string | number) => string,
): Announcements {
  const over = (id: string | number | undefined) => (id === undefined ? undefined : stageOf(id));
  return {
    onDragStart: ({ active }) =>
      `Picked up ${nameOf(active.id)}. Left and right arrows move it between stages; space drops it, escape cancels.`,
    onDragOver: ({ active, over: o }) =>
      o ? `${nameOf(active.id)} is over ${stageLabel(over(o.id) ?? '')}.` : `${nameOf(active.id)} is not over a stage.`,
    onDragEnd: ({ active, over: o }) =>
      o
        ? `${nameOf(active.id)} dropped in ${stageLabel(over(o.id) ?? '')}.`
        : `${nameOf(active.id)} dropped outside the board.`,
    onDragCancel: ({ active }) => `Move of ${nameOf(active.id)} cancelled.`,
  };
}

/** The instructions screen readers read when a card gets focus. */
export const boardInstructions: ScreenReaderInstructions = {
  draggable:
    'Press space to lift the card, left and right arrows to choose a stage, space to drop, escape to cancel. Enter opens it.',
};

/** The stage a droppable id (`column:<stage>`) stands for. */
export const stageOfDroppable = (id: string | number): string | undefined =>
  typeof id === 'string' && id.startsWith('column:') ? id.slice('column:'.length) : undefined;

/** Cards by stage, in the given stage order. */
export function groupByStage(items: readonly Opportunity[], stageOrder: readonly string[]): Map<string, Opportunity[]> {
  const groups = new Map<string, Opportunity[]>(stageOrder.map((s) => [s, []]));
  for (const o of items) groups.get(o.stage)?.push(o);
  return groups;
}
