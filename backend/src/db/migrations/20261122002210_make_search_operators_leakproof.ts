import type { Knex } from 'knex';

/**
 * Lets mail search use its GIN indexes under row-level security. Postgres evaluates a condition that applies a
 * non-LEAKPROOF function to a column after the table's policy conditions, so it can never be an index
 * condition: `search @@ tsquery` (ts_match_vq) and `addresses LIKE pattern` (textlike) became per-row filters
 * over a whole mailbox (120 ms for 20,000 messages, growing linearly). Neither function can reveal a row's
 * content through an error or side effect (the only errors depend on the query, not on the row), so marking them
 * LEAKPROOF is safe. Only a superuser may do so: with a non-superuser owner this migration warns and search
 * stays correct but slower (docs/mail.md, "Inbox").
 */
const functions = ['ts_match_vq(tsvector, tsquery)', 'textlike(text, text)'];

async function setLeakproof(knex: Knex, on: boolean): Promise<void> {
  await knex.raw(`DO $$ BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ${functions.map((f) => `ALTER FUNCTION pg_catalog.${f} ${on ? '' : 'NOT '}LEAKPROOF;`).join('\n    ')}
  ELSE
    RAISE WARNING 'not a superuser: mail search cannot use its indexes under row-level security (see docs/mail.md)';
  END IF;
END $$;`);
}

export async function up(knex: Knex): Promise<void> {
  await setLeakproof(knex, true);
}

export async function down(knex: Knex): Promise<void> {
  await setLeakproof(knex, false);
}
