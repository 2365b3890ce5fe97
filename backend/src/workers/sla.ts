import type { Runner } from 'graphile-worker';
import type { Logger } from 'pino';
import { createPgListener } from '#domains/events/stream/listener';
import { evaluateSla, nextSlaDue, sweepSla } from '#domains/sla/jobs';
import { queueDelivery } from './botDelivery';
import { defineTask } from './task';

/** The channel the SLA mark triggers NOTIFY on. */
export const SLA_CHANNEL = 'pivotal_sla';
export const SLA_EVALUATE_TASK = 'sla_evaluate';

/**
 * Recomputes the marked clocks, opens the breaches that fell due and escalates: every minute, within a second of a
 * change (the marks' NOTIFY) and at the next due time (a job scheduled for it after each run). One at a time.
 */
export const slaEvaluate = defineTask({
  name: SLA_EVALUATE_TASK,
  schedule: { cron: '* * * * *', queue: 'sla' },
  async run(_payload, deps, helpers) {
    const report = await evaluateSla(deps.knex(), new Date());
    if (report.opened + report.cleared + report.escalated > 0)
      helpers.logger.info(
        `sla: ${report.opened} breached, ${report.cleared} cleared, ${report.escalated} escalated (${report.recomputed} clocks)`,
      );
    if (report.opened + report.escalated > 0) await queueDelivery(helpers);
    const next = await nextSlaDue(deps.knex());
    if (next)
      await helpers.addJob(
        SLA_EVALUATE_TASK,
        {},
        { queueName: 'sla', jobKey: `${SLA_EVALUATE_TASK}:next`, jobKeyMode: 'replace', runAt: next },
      );
  },
});

/** Nightly: every open opportunity's clock again (the safety net under the marks). */
export const slaSweep = defineTask({
  name: 'sla_sweep',
  schedule: { cron: '10 3 * * *', queue: 'sla' },
  async run(_payload, deps, helpers) {
    const report = await sweepSla(deps.knex(), new Date());
    helpers.logger.info(`nightly SLA sweep: ${report.recomputed} clocks, ${report.opened} breached`);
  },
});

/** Queues an evaluation (merged: at most one waiting) when a mark trigger NOTIFYs. */
export function queueSlaOnNotify(ownerUrl: string, runner: Runner, log: Logger) {
  return createPgListener({
    connection: ownerUrl,
    channel: SLA_CHANNEL,
    log,
    onNotify: () => {
      runner
        .addJob(
          SLA_EVALUATE_TASK,
          {},
          { queueName: 'sla', jobKey: SLA_EVALUATE_TASK, jobKeyMode: 'preserve_run_at', maxAttempts: 3 },
        )
        .catch((err: Error) => log.warn({ err: err.message }, 'could not queue an SLA evaluation'));
    },
  });
}
