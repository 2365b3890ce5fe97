import type { Knex } from 'knex';
import { appendEvents } from '#domains/events/append';
import { eventToAppend } from '#domains/events/reaction';
import { systemScope, withTenant } from '#db/tenantTx';
import { loadScoring } from './config';
import { recomputeScores, SCORE_BATCH, type ScoreChange, type Subjects } from './recompute';

export const SCORING_ACTOR = 'system:scoring';

/** What a scoring run did. */
export type ScoringReport = { scored: number; changed: number };

/** Recomputes one batch in its own transaction and emits its changes there (all or nothing per batch). */
async function scoreBatch(knex: Knex, tenantId: string, subjects: Subjects, now: Date): Promise<ScoringReport> {
  return withTenant(knex, systemScope(tenantId), async (trx) => {
    const { results, changes } = await recomputeScores(trx, tenantId, subjects, await loadScoring(trx, tenantId), now);
    await emitChanges(trx, tenantId, changes, now);
    return { scored: results.length, changed: changes.length };
  });
}

async function emitChanges(trx: Knex.Transaction, tenantId: string, changes: ScoreChange[], now: Date) {
  if (changes.length === 0) return;
  await appendEvents(
    trx,
    tenantId,
    changes.map((c) =>
      eventToAppend({
        name: 'score.updated',
        payload: c.payload,
        clientId: c.clientId,
        actor: SCORING_ACTOR,
        occurredAt: now,
      }),
    ),
  );
}

const add = (a: ScoringReport, b: ScoringReport): ScoringReport => ({
  scored: a.scored + b.scored,
  changed: a.changed + b.changed,
});

/**
 * Drains the subjects marked since the last run, a batch at a time: each batch takes its marks (SKIP LOCKED, so two
 * workers never take the same), scores them and emits the changes in one transaction; a failed batch leaves its
 * marks for the next run.
 */
export async function drainScoreMarks(knex: Knex, now: Date): Promise<ScoringReport> {
  let report: ScoringReport = { scored: 0, changed: 0 };
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id: tenantId } of tenants) {
    for (;;) {
      const done = await withTenant(knex, systemScope(tenantId), async (trx) => {
        const { rows } = (await trx.raw(
          `DELETE FROM score_dirty d USING (
             SELECT subject_type, subject_id FROM score_dirty WHERE tenant_id = ? ORDER BY marked_at
              LIMIT ? FOR UPDATE SKIP LOCKED) m
           WHERE d.tenant_id = ? AND d.subject_type = m.subject_type AND d.subject_id = m.subject_id
           RETURNING d.subject_type, d.subject_id`,
          [tenantId, SCORE_BATCH, tenantId],
        )) as { rows: { subject_type: 'opportunity' | 'contact'; subject_id: string }[] };
        if (rows.length === 0) return null;
        const subjects = {
          opportunityIds: rows.filter((r) => r.subject_type === 'opportunity').map((r) => r.subject_id),
          contactIds: rows.filter((r) => r.subject_type === 'contact').map((r) => r.subject_id),
        };
        const { results, changes } = await recomputeScores(
          trx,
          tenantId,
          subjects,
          await loadScoring(trx, tenantId),
          now,
        );
        await emitChanges(trx, tenantId, changes, now);
        return { scored: results.length, changed: changes.length };
      });
      if (done === null) break;
      report = add(report, done);
    }
  }
  return report;
}

/**
 * Recomputes every open opportunity and every contact of a tenant (time decay moves scores with no event), in
 * batches of SCORE_BATCH by id; scores that did not change are neither written nor emitted.
 */
export async function recomputeTenant(knex: Knex, tenantId: string, now: Date): Promise<ScoringReport> {
  let report: ScoringReport = { scored: 0, changed: 0 };
  for (const [table, open] of [
    ['opportunities', true],
    ['contacts', false],
  ] as const) {
    let after: string | null = null;
    for (;;) {
      const ids = await withTenant(knex, systemScope(tenantId), async (trx) => {
        const q = trx(table).where({ tenantId }).orderBy('id').limit(SCORE_BATCH).pluck('id');
        if (open) void q.where({ status: 'open' });
        else void q.whereNull('mergedIntoId');
        if (after) void q.where('id', '>', after);
        return (await q) as string[];
      });
      if (ids.length === 0) break;
      after = ids.at(-1)!;
      report = add(
        report,
        await scoreBatch(
          knex,
          tenantId,
          open ? { opportunityIds: ids, contactIds: [] } : { opportunityIds: [], contactIds: ids },
          now,
        ),
      );
    }
  }
  return report;
}

/** The nightly run: every tenant recomputed (recency decays with time alone). */
export async function recomputeAll(knex: Knex, now: Date): Promise<ScoringReport> {
  let report: ScoringReport = { scored: 0, changed: 0 };
  const tenants = (await knex('tenants').select('id').orderBy('id')) as { id: string }[];
  for (const { id } of tenants) report = add(report, await recomputeTenant(knex, id, now));
  return report;
}
