import type { Task } from 'graphile-worker';

/** Makes sure monthly engagement partitions exist from this month to twelve months ahead. */
export const maintainPartitions: Task = async (_payload, helpers) => {
  await helpers.withPgClient((client) =>
    client.query(`select ensure_engagement_partitions(date_trunc('month', now())::date, 13)`),
  );
};
