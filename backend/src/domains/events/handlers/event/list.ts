import type { Handler } from '#http/types';
import {
  cursorOf,
  formatEventCursor,
  OUTBOX_START,
  parseEventCursor,
  presentEvent,
  readOutbox,
} from '#domains/events/outbox';

/**
 * Replays the caller's tenant outbox after a cursor (`cursor` of a page wins over `after`), in (tx_id, seq)
 * order, only rows every earlier transaction has settled (ADR 0003); client-confined callers see their
 * clients' events.
 */
export const eventList: Handler<'event.list'> = async (input, ctx) => {
  const after =
    input.cursor !== undefined
      ? parseEventCursor(input.cursor, 'cursor')
      : input.after !== undefined
        ? parseEventCursor(input.after, 'after')
        : OUTBOX_START;
  const rows = await readOutbox(ctx.trx, {
    tenantId: ctx.principal.tenantId,
    after,
    names: input.names?.length ? input.names : undefined,
    clientIds: ctx.principal.clientIds,
    limit: input.limit + 1,
  });
  const more = rows.length > input.limit;
  const kept = more ? rows.slice(0, input.limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(presentEvent), nextCursor: more && last ? formatEventCursor(cursorOf(last)) : null };
};
