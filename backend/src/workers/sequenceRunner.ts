import { addReport, runDueSteps, type BatchReport } from '#domains/sequences/runner/run';
import { defineTask } from './task';

/** How long one run of the task works through due steps before it yields (the next minute's run carries on). */
const RUN_BUDGET_MS = 50_000;
/** Runner loops one task runs side by side (each claims its own rows with SKIP LOCKED). */
const LOOPS = Math.max(1, Number(process.env.SEQUENCE_RUNNER_LOOPS ?? 2));

/**
 * The Sequence Runner: claims due enrollments (`FOR UPDATE SKIP LOCKED`) in batches and runs their steps until
 * nothing is due or the budget is spent. Every minute; several workers may run it at once, no step runs twice.
 */
export const sequenceRun = defineTask({
  name: 'sequence_run',
  schedule: { cron: '* * * * *' },
  async run(_payload, deps, helpers) {
    const started = Date.now();
    const total: BatchReport = { claimed: 0, executed: 0, deferred: 0, completed: 0, failed: 0, sent: 0, due: [] };
    await Promise.all(
      Array.from({ length: LOOPS }, async () => {
        while (Date.now() - started < RUN_BUDGET_MS) {
          const report = await runDueSteps(deps.knex(), {
            mailer: deps.sequenceMailer,
            webhooks: deps.sequenceWebhooks,
            publicUrl: deps.publicUrl,
          });
          addReport(total, { ...report, due: [] });
          if (report.claimed === 0) break;
        }
      }),
    );
    if (total.claimed > 0)
      helpers.logger.info(
        `sequence runner: ${total.executed} steps, ${total.sent} sent, ${total.deferred} deferred, ${total.failed} failed`,
      );
  },
});
