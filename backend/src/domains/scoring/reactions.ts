import type { Knex } from 'knex';
import { on, type DeclaredReaction } from '#domains/events/reaction';

type Subject = { type: 'opportunity' | 'contact'; id: string | null };

/**
 * Marks subjects whose score inputs changed (one row per subject, however many events touch it): the scoring worker
 * drains the marks in batches, so a burst of thousands of events costs one recompute per subject, not per event.
 */
async function mark(trx: Knex.Transaction, tenantId: string, subjects: Subject[]): Promise<void> {
  const rows = subjects.filter((s) => s.id !== null).map((s) => ({ tenantId, subjectType: s.type, subjectId: s.id }));
  if (rows.length > 0)
    await trx('scoreDirty').insert(rows).onConflict(['tenantId', 'subjectType', 'subjectId']).ignore();
}

const opportunity = (id: string | null): Subject => ({ type: 'opportunity', id });
const contact = (id: string | null): Subject => ({ type: 'contact', id });

/** What scoring does on other domains' events: mark the subjects to recompute. */
export const scoringReactions: readonly DeclaredReaction[] = [
  on('engagement.logged', (trx, e) =>
    mark(trx, e.tenantId, [opportunity(e.payload.opportunityId), contact(e.payload.contactId)]),
  ),
  on('opportunity.created', (trx, e) => mark(trx, e.tenantId, [opportunity(e.payload.opportunityId)])),
  on('opportunity.updated', (trx, e) => mark(trx, e.tenantId, [opportunity(e.payload.opportunityId)])),
  on('opportunity.stageChanged', (trx, e) => mark(trx, e.tenantId, [opportunity(e.payload.opportunityId)])),
  on('sequence.enrolled', (trx, e) => mark(trx, e.tenantId, [opportunity(e.payload.opportunityId)])),
  on('sequence.advanced', (trx, e) => mark(trx, e.tenantId, [opportunity(e.payload.opportunityId)])),
  on('sequence.completed', (trx, e) => mark(trx, e.tenantId, [opportunity(e.payload.opportunityId)])),
];
