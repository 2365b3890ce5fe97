import { runPromotionExpiry, runRollover } from '#domains/cadences/jobs';
import { defineTask } from './task';

/** The nightly lead rollover: each cadence once per local date from 23:00 in its zone, so a run every 15 minutes catches every zone's evening (idempotent, keyed by the cadence's last rollover date). */
export const cadenceRollover = defineTask({
  name: 'cadence_rollover',
  schedule: { cron: '*/15 * * * *', queue: 'cadences', preserveRunAt: false },
  async run(_payload, deps, helpers) {
    const report = await runRollover(deps.knex(), new Date());
    if (report.cadences > 0)
      helpers.logger.info(
        `rollover: ${report.cadences} cadences, ${report.moved} leads moved, ${report.leftLocked} locked left alone`,
      );
  },
});

/** Expires promotions past their end date: snapped leads advance or are restored exactly. */
export const promotionExpiry = defineTask({
  name: 'promotion_expiry',
  schedule: { cron: '*/15 * * * *', queue: 'cadences', preserveRunAt: false },
  async run(_payload, deps, helpers) {
    const report = await runPromotionExpiry(deps.knex(), new Date());
    if (report.expired > 0)
      helpers.logger.info(
        `promotions: ${report.expired} expired, ${report.advanced} leads advanced, ${report.restored} restored`,
      );
  },
});
