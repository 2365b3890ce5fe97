import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { page, pageInput, QueryList } from '../../contract/common';
import { EventEnvelope, EventNameSchema } from '../../events/index';

export const list = defineOperation({
  id: 'event.list',
  kind: 'query',
  summary:
    'Replays the event outbox in cursor order after a cursor, optionally only some event names, until caught up.',
  input: z.object({
    /** Resume after this event (an envelope's `cursor`); omitted: from the oldest retained event. */
    after: z.string().max(512).optional(),
    names: QueryList(EventNameSchema).optional(),
    // `cursor` (a page's `nextCursor`) continues a replay and wins over `after`; `nextCursor` is null once caught up.
    ...pageInput,
  }),
  output: page(EventEnvelope),
  errors: [],
  permission: 'event.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
