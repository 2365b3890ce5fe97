import { notFound } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { decodeTimeIdCursor } from '#domains/shared/keyset';
import { pageOf } from '#domains/shared/pagination';
import { findAccount, findContact, findOpportunity } from '#domains/engagements/references';
import { presentTimelineRow, runTimelineQuery, type TimelineAnchor } from '#domains/engagements/timelineQuery';

async function assertAnchorVisible(ctx: OpContext, anchor: TimelineAnchor): Promise<void> {
  const found =
    anchor.kind === 'opportunity'
      ? await findOpportunity(ctx, anchor.id)
      : anchor.kind === 'account'
        ? await findAccount(ctx, anchor.id)
        : await findContact(ctx, anchor.id);
  if (!found) throw notFound(anchor.kind[0]!.toUpperCase() + anchor.kind.slice(1));
}

/**
 * One merged, ordered stream of the engagements and tasks of an opportunity, account or contact, newest first,
 * keyset-paginated on (at desc, id desc) in a single UNION ALL query. Client roles see only their clients'
 * items (RLS on both tables); tasks are left out for a role whose tenant revoked task.read.
 */
export const timelineGet: Handler<'timeline.get'> = async (input, ctx) => {
  const anchor: TimelineAnchor =
    input.opportunityId !== undefined
      ? { kind: 'opportunity', id: input.opportunityId }
      : input.accountId !== undefined
        ? { kind: 'account', id: input.accountId }
        : { kind: 'contact', id: input.contactId! };
  await assertAnchorVisible(ctx, anchor);
  // `task` names both an engagement type and the tasks themselves.
  const types = input.types !== undefined && input.types.length > 0 ? input.types : null;
  const rows = await runTimelineQuery(ctx.trx, {
    tenantId: ctx.principal.tenantId,
    anchor,
    engagementTypes: types,
    includeTasks: ctx.can('task.read') && (types === null || types.includes('task')),
    cursor: input.cursor === undefined ? null : decodeTimeIdCursor(input.cursor),
    take: input.limit + 1,
    now: ctx.now,
  });
  return pageOf(rows, input.limit, (r) => [r.cursor_at, r.id], presentTimelineRow);
};
