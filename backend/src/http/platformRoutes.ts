import type Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '#app';
import { signDevToken } from '#auth/tokens';
import { systemScope, withTenant } from '#db/tenantTx';
import { metricsAllowed } from './browserHardening';
import { ApiError } from './errors';
import { validateInput } from './validation';

const DevTokenInput = z.object({
  tenant: z.string().min(1).max(64),
  email: z.email(),
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .default(3600),
});

/** Mints a dev-issuer token for a seeded user (never in production). */
export async function mintDevToken(
  deps: Pick<AppDeps, 'knex' | 'services'>,
  tenantSlug: string,
  email: string,
  ttlSeconds: number,
) {
  const key = deps.services.keys.dev;
  if (!key) throw new ApiError('forbidden', 'The dev issuer is disabled');
  const tenant = (await deps.knex.raw('select id from auth_tenant_by_slug(?)', [tenantSlug])).rows[0] as
    { id: string } | undefined;
  if (!tenant) throw new ApiError('not_found', `No tenant ${tenantSlug}`);
  const found = await withTenant(deps.knex, systemScope(tenant.id), async (trx) => {
    const user = (await trx('users')
      .where({ tenantId: tenant.id, email: email.toLowerCase() })
      .first('id', 'email', 'displayName', 'entraObjectId')) as
      { id: string; email: string; displayName: string; entraObjectId: string | null } | undefined;
    const row = (await trx('tenants').where({ id: tenant.id }).first('entraTenantId')) as
      { entraTenantId: string | null } | undefined;
    return user && row?.entraTenantId ? { user, tid: row.entraTenantId } : undefined;
  });
  if (!found) throw new ApiError('not_found', `No user ${email} in ${tenantSlug}`);
  const { user, tid } = found;
  return signDevToken(
    key,
    { tid, oid: user.entraObjectId ?? user.id, email: user.email, name: user.displayName },
    ttlSeconds,
  );
}

/** Health, readiness, metrics and (outside production) the dev sign-in route. */
export function mountPlatformRoutes(router: Router, deps: AppDeps): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await deps.knex.raw('select 1');
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable' };
    }
  });
  router.get('/metrics', async (ctx, next) => {
    if (!metricsAllowed(ctx, deps.config)) return next();
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  if (deps.config.devAuth) {
    router.post('/dev/token', async (ctx) => {
      const input = validateInput(DevTokenInput, (ctx.request as { body?: unknown }).body);
      const { token, expiresAt } = await mintDevToken(deps, input.tenant, input.email, input.ttlSeconds);
      ctx.body = { data: { token, expiresAt: expiresAt.toISOString() } };
    });
  }
}
