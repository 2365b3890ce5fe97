import { purgeCallData } from '#domains/calls/retention';
import { defineTask } from './task';

/** Nightly: every tenant's call recordings and transcripts past their retention are deleted. */
export const callRetention = defineTask({
  name: 'call_retention',
  schedule: { cron: '40 3 * * *' },
  async run(_payload, deps, helpers) {
    const knex = deps.knex();
    const tenants = (await knex('tenants').select('id')) as { id: string }[];
    let recordings = 0;
    let transcripts = 0;
    for (const t of tenants) {
      const done = await purgeCallData(knex, t.id, new Date());
      recordings += done.recordings;
      transcripts += done.transcripts;
    }
    if (recordings + transcripts > 0)
      helpers.logger.info(`call retention: ${recordings} recordings and ${transcripts} transcripts deleted`);
  },
});
