import type { Knex } from 'knex';
import type { EventPayload, ScoreResult } from '@pivotal-pm/sdk';
import { scoreContact, scoreOpportunity, type ScoringConfig } from './factors';
import { contactInputs, opportunityInputs } from './inputs';

/** Subjects scored per round trip: one inputs query and one update each. */
export const SCORE_BATCH = 2000;

export type Subjects = { opportunityIds: readonly string[]; contactIds: readonly string[] };

/** Writes the new scores of the rows whose score changed (one statement per table; versions untouched). */
async function writeScores(
  trx: Knex.Transaction,
  table: 'opportunities' | 'contacts',
  tenantId: string,
  changed: ScoreResult[],
) {
  if (changed.length === 0) return;
  await trx.raw(
    `UPDATE ${table} t SET score = v.score
       FROM (SELECT unnest(CAST(:ids AS uuid[])) AS id, unnest(CAST(:scores AS int[])) AS score) v
      WHERE t.tenant_id = :tenantId AND t.id = v.id`,
    { ids: changed.map((c) => c.subjectId), scores: changed.map((c) => c.score), tenantId },
  );
}

/** A changed score: the `score.updated` event its caller emits, and the client its subject belongs to. */
export type ScoreChange = { payload: EventPayload<'score.updated'>; clientId: string | null };

/**
 * Recomputes the scores of some opportunities and contacts in the caller's transaction and stores those that
 * changed. Answers every score with its factors, and the changes (for which the caller emits `score.updated`: an
 * unchanged score emits nothing). Idempotent: a second run over the same inputs changes nothing.
 */
export async function recomputeScores(
  trx: Knex.Transaction,
  tenantId: string,
  subjects: Subjects,
  config: ScoringConfig,
  now: Date,
): Promise<{ results: ScoreResult[]; changes: ScoreChange[] }> {
  const results: ScoreResult[] = [];
  const changes: ScoreChange[] = [];
  for (let i = 0; i < subjects.opportunityIds.length; i += SCORE_BATCH) {
    const batch = await opportunityInputs(
      trx,
      tenantId,
      subjects.opportunityIds.slice(i, i + SCORE_BATCH),
      now,
      config.decayDays,
    );
    const scored = batch.map((o) => ({ o, s: scoreOpportunity(o.inputs, config, now) }));
    const out = scored.map(({ o, s }) => ({
      subjectType: 'opportunity' as const,
      subjectId: o.id,
      score: s.score,
      previousScore: o.score,
      factors: s.factors,
    }));
    const changed = out.filter((r) => r.score !== r.previousScore);
    await writeScores(trx, 'opportunities', tenantId, changed);
    for (const { o, s } of scored.filter(({ o, s }) => s.score !== o.score)) {
      changes.push({
        payload: {
          subjectType: 'opportunity',
          subjectId: o.id,
          opportunityId: o.id,
          contactId: null,
          score: s.score,
          previousScore: o.score,
        },
        clientId: o.clientId,
      });
    }
    results.push(...out);
  }
  for (let i = 0; i < subjects.contactIds.length; i += SCORE_BATCH) {
    const batch = await contactInputs(
      trx,
      tenantId,
      subjects.contactIds.slice(i, i + SCORE_BATCH),
      now,
      config.decayDays,
    );
    const out = batch.map((c) => {
      const s = scoreContact(c.inputs, config, now);
      return {
        c,
        r: {
          subjectType: 'contact' as const,
          subjectId: c.id,
          score: s.score,
          previousScore: c.score,
          factors: s.factors,
        },
      };
    });
    const changed = out.filter(({ r }) => r.score !== r.previousScore);
    await writeScores(
      trx,
      'contacts',
      tenantId,
      changed.map(({ r }) => r),
    );
    for (const { c, r } of changed) {
      changes.push({
        payload: {
          subjectType: 'contact',
          subjectId: c.id,
          opportunityId: null,
          contactId: c.id,
          score: r.score,
          previousScore: c.score,
        },
        clientId: c.clientId,
      });
    }
    results.push(...out.map(({ r }) => r));
  }
  return { results, changes };
}
