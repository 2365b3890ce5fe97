import type { Knex } from 'knex';
import { createKnex } from '../db/knex';

let shared: { url: string; knex: Knex | null } | null = null;

/** Remembers the owner URL the worker tasks connect with (set by startWorkers). */
export function setWorkerDatabase(ownerUrl: string): void {
  shared = { url: ownerUrl, knex: null };
}

/** The owner-connection knex the tasks share, opened on first use. */
export function workerKnex(): Knex {
  if (!shared) throw new Error('workers: setWorkerDatabase was not called');
  shared.knex ??= createKnex(shared.url, { pool: { min: 0, max: 3 }, applicationName: 'pivotal-worker-tasks' });
  return shared.knex;
}

/** Closes the tasks' knex (when the runner stops). */
export async function closeWorkerKnex(): Promise<void> {
  const knex = shared?.knex;
  if (shared) shared.knex = null;
  await knex?.destroy();
}
