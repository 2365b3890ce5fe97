import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { createAuthenticator } from '#auth/authenticator';
import { loadSigningKey, signingKeySet } from '#auth/signingKeys';
import { localKeySet } from '#auth/tokens';
import type { Config } from '#config';
import { createO365Auth, type O365Auth } from '#integrations/graph/msal/o365Auth';
import { configureMasterKeys } from '#security/masterKeys';
import { configureOutbound } from '#security/outboundUrl';
import { createRateLimiter, postgresRateStore } from '#http/rateLimit';
import { createTenantRuntimeCache } from '#http/tenantRuntime';
import type { Logger } from 'pino';
import type { Services } from '#http/types';
import type { JWTVerifyGetKey } from 'jose';

/** Builds the process-wide services from the app-role knex (keys must exist: migrate creates them). */
export async function buildServices(
  config: Config,
  knex: Knex,
  opts: { entraKeys?: JWTVerifyGetKey; log?: Logger } = {},
): Promise<Services> {
  // The private signing keys are sealed under the master key: the keyring must be the configured one first.
  await configureMasterKeys(config);
  const embed = await loadSigningKey(knex, 'embed');
  const dev = config.devAuth ? await loadSigningKey(knex, 'dev') : null;
  // Verification keys come from the database: keys rotated in by another process verify here as soon as they are seen.
  const embedKeys = signingKeySet(knex, 'embed');
  const devKeys = config.devAuth ? signingKeySet(knex, 'dev') : localKeySet([]);
  const auth = createAuthenticator({
    knex,
    config,
    devKeys,
    embedKeys,
    ...(opts.entraKeys ? { entraKeys: opts.entraKeys } : {}),
  });
  configureOutbound(config);
  const rateLimiter = createRateLimiter({
    store: postgresRateStore(knex),
    perCaller: config.rateLimitPerMinute,
    perAddress: config.rateLimitAnonymousPerMinute,
    log: opts.log,
  });
  return {
    config,
    auth,
    tenants: createTenantRuntimeCache(knex),
    keys: { embed, dev },
    o365: await o365FromConfig(config),
    rateLimiter,
  };
}

/** The msal-node adapter as configured (`O365_*`); the CA file, when set, is trusted for the authority host. */
export async function o365FromConfig(config: Config): Promise<O365Auth> {
  const { clientId, clientSecret, authorityHost, caFile } = config.o365;
  return createO365Auth({
    clientId,
    clientSecret,
    authorityHost,
    ...(caFile ? { ca: await readFile(caFile, 'utf8') } : {}),
  });
}
