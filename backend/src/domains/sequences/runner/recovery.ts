import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import { appendEvents } from '#domains/events/append';
import { backoffMs, type BackoffPolicy } from '#lib/backoff';
import { enrollmentRefs } from '../lifecycle';
import type { EnrollmentRow } from '../rows';
import { MAX_ATTEMPTS } from './decide';

/** The runner's recovery paths: an enrollment whose batch failed, and out-of-office pauses that are over. */

/** The actor of events the runner writes. */
export const RUNNER_ACTOR = 'system:sequence-runner';

/** Retries of a step or an enrollment whose batch failed: 2 min doubling to 1 h. */
export const STEP_RETRY_BACKOFF: BackoffPolicy = { baseMs: 120_000, maxMs: 3_600_000 };

/** Counts a batch that failed as a whole against one enrollment (retried alone): backoff, then `failed`. */
export async function recordRunFailure(
  knex: Knex,
  tenantId: string,
  enrollmentId: string,
  error: Error,
  now: Date,
): Promise<void> {
  await withTenant(knex, systemScope(tenantId, 'all'), async (trx) => {
    const row = (await trx('sequenceEnrollments')
      .where({ tenantId, id: enrollmentId, status: 'active' })
      .forUpdate()
      .first()) as EnrollmentRow | undefined;
    if (!row) return;
    const attempts = row.attempts + 1;
    const failed = attempts >= MAX_ATTEMPTS;
    await trx('sequenceEnrollments')
      .where({ tenantId, id: enrollmentId })
      .update({
        attempts,
        status: failed ? 'failed' : 'active',
        stopReason: failed ? 'step_error' : null,
        nextRunAt: failed ? null : new Date(now.getTime() + backoffMs(STEP_RETRY_BACKOFF, attempts)),
        meta: JSON.stringify({ ...row.meta, lastError: error.message.slice(0, 500) }),
        updatedAt: now,
        version: row.version + 1,
      });
    if (failed) {
      const seq = (await trx('sequences').where({ tenantId, id: row.sequenceId }).first('clientId')) as {
        clientId: string | null;
      };
      await appendEvents(trx, tenantId, [
        {
          name: 'sequence.failed',
          occurredAt: now,
          actor: RUNNER_ACTOR,
          clientId: seq.clientId,
          payload: {
            ...enrollmentRefs(row),
            step: row.currentStep,
            code: 'step_error',
            message: error.message.slice(0, 500),
          },
        },
      ]);
    }
  });
}

/** Out-of-office pauses whose return time has come become active again (due at the later of both times). */
export async function resumeDuePauses(knex: Knex, tenantId: string, now: Date): Promise<number> {
  return withTenant(knex, systemScope(tenantId, 'all'), async (trx) => {
    const { rowCount } = (await trx.raw(
      `UPDATE sequence_enrollments SET status = 'active', next_run_at = greatest(next_run_at, paused_until), paused_until = NULL, stop_reason = NULL,
         version = version + 1, updated_at = ?
       WHERE tenant_id = ? AND id IN (SELECT id FROM sequence_enrollments WHERE tenant_id = ? AND status = 'paused' AND paused_until <= ?
         FOR UPDATE SKIP LOCKED)`,
      [now, tenantId, tenantId, now],
    )) as { rowCount: number };
    return rowCount;
  });
}
