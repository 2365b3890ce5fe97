import type Router from '@koa/router';
import { z } from 'zod';
import { oauthError } from './errors';
import { BOT_FRAMEWORK_ISSUER, BOT_FRAMEWORK_TENANT_ID, CONNECTOR_AUDIENCE } from './keys';
import type { ConnectorState } from './state';

const tokenForm = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
});

/** Mounts the Bot Framework OpenID metadata and keys, and the Entra token endpoint bots get Connector tokens from. */
export function mountAuthRoutes(router: Router, state: ConnectorState, baseUrl: () => string): void {
  router.get('/v1/.well-known/openidconfiguration', (ctx) => {
    ctx.body = {
      issuer: BOT_FRAMEWORK_ISSUER,
      // The real document names this placeholder too: bots never use it.
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${baseUrl()}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  });
  router.get('/v1/.well-known/keys', async (ctx) => {
    ctx.body = await state.keys.jwks();
  });
  // `botframework.com` for multi-tenant bots, the bot's tenant for single-tenant ones.
  router.post('/:tenant/oauth2/v2.0/token', async (ctx) => {
    const fault = state.faults.take('token');
    if (fault) {
      state.stats.injectedFaults += 1;
      if (fault.status === 429) state.stats.tooManyRequests += 1;
      if (fault.retryAfterSeconds !== null) ctx.set('Retry-After', String(fault.retryAfterSeconds));
      if (fault.status === 401)
        return oauthError(ctx, 401, 'invalid_client', 7000215, 'Invalid client secret provided (injected).');
      return oauthError(ctx, fault.status, 'temporarily_unavailable', 90033, 'Injected by failNext.');
    }
    const form = tokenForm.safeParse(ctx.request.body ?? {});
    if (!form.success || !ctx.is('application/x-www-form-urlencoded'))
      return oauthError(
        ctx,
        400,
        'invalid_request',
        900144,
        "The request body must contain the 'grant_type' parameter.",
      );
    const { grant_type, client_id, client_secret, scope } = form.data;
    if (grant_type !== 'client_credentials')
      return oauthError(ctx, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const bot = client_id ? state.bot(client_id) : undefined;
    if (!bot)
      return oauthError(
        ctx,
        401,
        'invalid_client',
        700016,
        `Application with identifier '${client_id ?? ''}' was not found.`,
      );
    if (client_secret !== bot.appSecret)
      return oauthError(ctx, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    if (scope !== `${CONNECTOR_AUDIENCE}/.default`)
      return oauthError(
        ctx,
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope ?? ''} is not valid.`,
      );
    const tenant = ctx.params.tenant === 'botframework.com' ? BOT_FRAMEWORK_TENANT_ID : (ctx.params.tenant ?? '');
    state.stats.tokensIssued += 1;
    ctx.body = {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: await state.keys.accessToken(bot.appId, tenant),
    };
  });
}
