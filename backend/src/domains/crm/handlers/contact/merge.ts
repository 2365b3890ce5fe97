import { LIVE_ENROLLMENT_STATUSES } from '@pivotal-pm/sdk';
import { ApiError } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { presentContact, type ContactRow } from '#domains/crm/presenters';
import { loadContact } from '#domains/crm/records';

const live = LIVE_ENROLLMENT_STATUSES;

/**
 * Merges a duplicate contact into a survivor: opportunities, engagements, tasks and sequence enrollments that
 * point at the merged contact move to the survivor (a live enrollment in a sequence where the survivor is
 * already enrolled is completed instead, keeping one live enrollment per sequence), the survivor fills its
 * empty details from the merged one and stays opted out if either was, and the merged contact gets
 * `mergedIntoId` (it 404s and leaves lists from then on). Both must be of the same client (409 otherwise).
 */
export const contactMerge: Handler<'contact.merge'> = async (input, ctx) => {
  // Lock in id order so two merges of the same pair cannot deadlock.
  const [first, second] = [input.survivorId, input.mergedId].sort();
  const a = await loadContact(ctx, first!, { forUpdate: true });
  const b = await loadContact(ctx, second!, { forUpdate: true });
  const [survivor, merged] = a.id === input.survivorId ? [a, b] : [b, a];
  if (survivor.clientId !== merged.clientId) {
    throw new ApiError('invalid_state', 'Only contacts of the same client can be merged');
  }
  const moved = await moveReferences(ctx, merged.id, survivor.id);
  const tenantId = ctx.principal.tenantId;
  const fill = <K extends keyof ContactRow>(key: K) => survivor[key] ?? merged[key];
  const optOuts = [survivor.optOutAt, merged.optOutAt]
    .filter((d): d is Date => d !== null)
    .sort((x, y) => x.getTime() - y.getTime());
  const optedOut = survivor.optedOut || merged.optedOut;
  const [kept] = (await ctx
    .trx('contacts')
    .where({ tenantId, id: survivor.id })
    .update({
      title: fill('title'),
      email: fill('email'),
      phone: fill('phone'),
      timeZone: fill('timeZone'),
      locale: fill('locale'),
      ownerId: fill('ownerId'),
      tags: [...new Set([...survivor.tags, ...merged.tags])],
      optedOut,
      optOutAt: optedOut ? (optOuts[0] ?? ctx.now) : null,
      score: Math.max(survivor.score, merged.score),
      version: survivor.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as ContactRow[];
  await ctx
    .trx('contacts')
    .where({ tenantId, id: merged.id })
    .update({ mergedIntoId: survivor.id, version: merged.version + 1, updatedAt: ctx.now });
  const after = presentContact(kept!);
  await ctx.audit({ targetType: 'contact', targetId: survivor.id, before: presentContact(survivor), after });
  await ctx.audit({
    targetType: 'contact',
    targetId: merged.id,
    before: presentContact(merged),
    after: { ...presentContact(merged), version: merged.version + 1, mergedIntoId: survivor.id, moved },
  });
  return after;
};

/** Points every reference to `from` at `to`; answers how many rows of each table moved. */
async function moveReferences(ctx: OpContext, from: string, to: string): Promise<Record<string, number>> {
  const { trx } = ctx;
  const tenantId = ctx.principal.tenantId;
  const completed = await trx('sequenceEnrollments as m')
    .where({ 'm.tenantId': tenantId, 'm.contactId': from })
    .whereIn('m.status', live)
    .whereExists((q) =>
      q
        .select(trx.raw('1'))
        .from('sequenceEnrollments as s')
        .whereRaw('s.tenant_id = m.tenant_id and s.sequence_id = m.sequence_id')
        .where('s.contactId', to)
        .whereIn('s.status', live),
    )
    .update({
      status: 'completed',
      meta: trx.raw(`m.meta || jsonb_build_object('endedBy', 'contact.merge', 'mergedInto', ?::text)`, [to]),
      updatedAt: ctx.now,
    });
  const move = (table: string, column: string) =>
    trx(table)
      .where({ tenantId, [column]: from })
      .update({ [column]: to, updatedAt: ctx.now });
  return {
    opportunities: await move('opportunities', 'primaryContactId'),
    engagements: await move('engagements', 'contactId'),
    tasks: await move('tasks', 'contactId'),
    sequenceEnrollments: await move('sequenceEnrollments', 'contactId'),
    sequenceEnrollmentsCompleted: completed,
    contacts: await move('contacts', 'mergedIntoId'),
  };
}
