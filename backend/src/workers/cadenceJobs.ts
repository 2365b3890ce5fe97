import type { Task } from 'graphile-worker';
import { runPromotionExpiry, runRollover } from '../domains/cadences/jobs';
import { workerKnex } from './ownerKnex';

/** The nightly lead rollover (each cadence once per local date, from 23:00 in its zone). */
export const cadenceRollover: Task = async (_payload, helpers) => {
  const report = await runRollover(workerKnex(), new Date());
  if (report.cadences > 0) helpers.logger.info(`rollover: ${report.cadences} cadences, ${report.moved} leads moved, ${report.leftLocked} locked left alone`);
};

/** Expires promotions past their end date: snapped leads advance or are restored exactly. */
export const promotionExpiry: Task = async (_payload, helpers) => {
  const report = await runPromotionExpiry(workerKnex(), new Date());
  if (report.expired > 0) helpers.logger.info(`promotions: ${report.expired} expired, ${report.advanced} leads advanced, ${report.restored} restored`);
};
