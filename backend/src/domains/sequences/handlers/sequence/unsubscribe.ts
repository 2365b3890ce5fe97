import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import { requestEmit, stopEnrollments } from '#domains/sequences/lifecycle';
import { unsubscribeContact } from '#domains/sequences/unsubscribe';

/** Unsubscribes a contact from one sequence, or from all of them (opted out and suppressed) when no sequence is given. */
export const sequenceUnsubscribe: Handler<'sequence.unsubscribe'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const contact = (await ctx
    .trx('contacts')
    .where({ tenantId, id: input.contactId })
    .first('id', 'clientId', 'optedOut')) as { id: string; clientId: string | null; optedOut: boolean } | undefined;
  if (!contact || !canSeeClient(ctx, contact.clientId)) throw notFound('Contact');
  const emit = requestEmit(ctx);
  if (input.sequenceId) {
    const seq = (await ctx.trx('sequences').where({ tenantId, id: input.sequenceId }).first('id', 'clientId')) as
      { id: string; clientId: string | null } | undefined;
    if (!seq || !canSeeClient(ctx, seq.clientId)) throw notFound('Sequence');
    const stopped = await stopEnrollments(
      ctx.trx,
      tenantId,
      (q) => q.where({ contactId: contact.id, sequenceId: seq.id }),
      'unsubscribed',
      ctx.now,
      emit,
    );
    await ctx.audit({
      targetType: 'contact',
      targetId: contact.id,
      after: { sequenceId: seq.id, stopped: stopped.map((r) => r.id) },
    });
    return { contactId: contact.id, stoppedEnrollmentIds: stopped.map((r) => r.id), optedOut: contact.optedOut };
  }
  const stopped = await unsubscribeContact(ctx.trx, tenantId, contact.id, ctx.now, emit, ctx.principal.userId);
  await ctx.audit({
    targetType: 'contact',
    targetId: contact.id,
    after: { optedOut: true, stopped: stopped.map((r) => r.id) },
  });
  return { contactId: contact.id, stoppedEnrollmentIds: stopped.map((r) => r.id), optedOut: true };
};
