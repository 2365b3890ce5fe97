import type { Knex } from 'knex';
import type { Config } from '#config';
import { ensureSigningKey } from '#auth/signingKeys';
import { openDatabase } from '#db/database';
import { createKnex } from '#db/knex';
import { configureMasterKeys } from '#security/masterKeys';

/** A ready database: migrated, app role and signing keys in place, with owner and app connections. */
export type BootedDatabase = {
  ownerKnex: Knex;
  appKnex: Knex;
  ownerUrl: string;
  appUrl: string;
  embedded: boolean;
  close(): Promise<void>;
};

/** Opens (or starts) the database the configuration names and prepares it for the app. */
export async function bootDatabase(
  config: Config,
  log: (msg: string) => void,
  pool = { min: 0, max: 10 },
): Promise<BootedDatabase> {
  // Migrations may seal (webhook secrets): the keyring must be the configured one before they run.
  await configureMasterKeys(config);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    appPassword: config.dbAppPassword,
    port: config.pgPort,
    log,
  });
  const ownerKnex = createKnex(db.ownerUrl, { pool: { min: 0, max: 3 }, applicationName: 'pivotal-owner' });
  const appKnex = createKnex(config.databaseAppUrl ?? db.appUrl, { pool, applicationName: 'pivotal-app' });
  await ensureSigningKey(ownerKnex, 'embed');
  if (config.devAuth) await ensureSigningKey(ownerKnex, 'dev');
  return {
    ownerKnex,
    appKnex,
    ownerUrl: db.ownerUrl,
    appUrl: config.databaseAppUrl ?? db.appUrl,
    embedded: db.embedded,
    async close() {
      await Promise.allSettled([ownerKnex.destroy(), appKnex.destroy()]);
      await db.stop();
    },
  };
}
