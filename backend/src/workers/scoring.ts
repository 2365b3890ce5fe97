import { drainScoreMarks, recomputeAll } from '#domains/scoring/jobs';
import { defineTask } from './task';

/** Scores the subjects whose inputs changed since the last minute (events mark them; a burst costs one run). */
export const scoreDrain = defineTask({
  name: 'score_drain',
  schedule: { cron: '* * * * *', queue: 'scoring' },
  async run(_payload, deps, helpers) {
    const report = await drainScoreMarks(deps.knex(), new Date());
    if (report.scored > 0) helpers.logger.info(`scoring: ${report.scored} scored, ${report.changed} changed`);
  },
});

/** Nightly: every open opportunity and contact again, for the decay of recency with time. */
export const scoreNightly = defineTask({
  name: 'score_nightly',
  schedule: { cron: '40 2 * * *', queue: 'scoring' },
  async run(_payload, deps, helpers) {
    const report = await recomputeAll(deps.knex(), new Date());
    helpers.logger.info(`nightly scoring: ${report.scored} scored, ${report.changed} changed`);
  },
});
