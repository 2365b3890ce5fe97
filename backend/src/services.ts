import type { Knex } from 'knex';
import { createAuthenticator } from './auth/authenticator';
import { loadPublicJwks, loadSigningKey } from './auth/signingKeys';
import { localKeySet } from './auth/tokens';
import type { Config } from './config';
import { createTenantRuntimeCache } from './http/tenantRuntime';
import type { Services } from './http/types';
import type { JWTVerifyGetKey } from 'jose';

/** Builds the process-wide services from the app-role knex (keys must exist: migrate creates them). */
export async function buildServices(config: Config, knex: Knex, opts: { entraKeys?: JWTVerifyGetKey } = {}): Promise<Services> {
  const embed = await loadSigningKey(knex, 'embed');
  const dev = config.devAuth ? await loadSigningKey(knex, 'dev') : null;
  const embedKeys = localKeySet((await loadPublicJwks(knex, 'embed')).keys);
  const devKeys = config.devAuth ? localKeySet((await loadPublicJwks(knex, 'dev')).keys) : localKeySet([]);
  const auth = createAuthenticator({ knex, config, devKeys, embedKeys, ...(opts.entraKeys ? { entraKeys: opts.entraKeys } : {}) });
  return { config, auth, tenants: createTenantRuntimeCache(knex), keys: { embed, dev } };
}
