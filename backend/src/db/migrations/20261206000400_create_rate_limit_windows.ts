import type { Knex } from 'knex';

/**
 * Request budgets shared by every API process: one counter per bucket (a caller, or a client address where there
 * is no caller) and fixed window. UNLOGGED (a crash forgets the current minute, which is harmless) and not tenant
 * data: the app role cannot touch the table, only count a hit through `rate_limit_hit` (one upsert, one round
 * trip) and drop old windows through `rate_limit_prune`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE UNLOGGED TABLE rate_limit_windows (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- Counts one hit in the current window of the bucket; answers the window's hits and the seconds left in it.
CREATE FUNCTION rate_limit_hit(bucket_key text, window_seconds integer) RETURNS TABLE (hits integer, seconds_left double precision)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
    INSERT INTO rate_limit_windows AS w (bucket, window_start, hits)
    VALUES (bucket_key, to_timestamp(floor(extract(epoch FROM clock_timestamp()) / window_seconds) * window_seconds), 1)
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
    RETURNING w.hits, extract(epoch FROM (w.window_start + make_interval(secs => window_seconds) - clock_timestamp()))::double precision
  $$;

-- Drops windows that ended more than a window ago; answers how many.
CREATE FUNCTION rate_limit_prune(window_seconds integer) RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
    WITH gone AS (DELETE FROM rate_limit_windows WHERE window_start < clock_timestamp() - make_interval(secs => 2 * window_seconds) RETURNING 1)
    SELECT count(*)::integer FROM gone
  $$;

REVOKE ALL ON FUNCTION rate_limit_hit(text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION rate_limit_prune(integer) FROM PUBLIC;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP FUNCTION rate_limit_prune(integer);
DROP FUNCTION rate_limit_hit(text, integer);
DROP TABLE rate_limit_windows;
`);
}
