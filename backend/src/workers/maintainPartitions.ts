import { defineTask } from './task';

/** Makes sure monthly engagement partitions exist from this month to twelve months ahead (a year ahead: daily is plenty). */
export const maintainPartitions = defineTask({
  name: 'maintain_partitions',
  schedule: { cron: '15 3 * * *' },
  async run(_payload, _deps, helpers) {
    await helpers.withPgClient((client) =>
      client.query(`select ensure_engagement_partitions(date_trunc('month', now())::date, 13)`),
    );
  },
});
