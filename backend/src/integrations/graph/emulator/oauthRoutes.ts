import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorState } from './gate';
import { originOf } from './gate';
import { OAuthError } from './oauth';

type Form = Record<string, string | undefined>;

/** Mounts the emulated Entra ID v2.0 endpoints (authorize, token, discovery) and their `/_control/oauth` switches. */
export function mountOAuthRoutes(router: Router, state: EmulatorState): void {
  const { oauth } = state;
  const answer = (ctx: Context, run: () => void) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      ctx.status = error.error === 'invalid_client' ? 401 : 400;
      const ids = {
        timestamp: new Date()
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, 'Z'),
        trace_id: crypto.randomUUID(),
        correlation_id: crypto.randomUUID(),
      };
      ctx.body = {
        error: error.error,
        error_description: error.message,
        error_codes: [error.aadsts],
        ...ids,
        ...(error.suberror ? { suberror: error.suberror } : {}),
      };
    }
  };

  router.get('/:tenant/oauth2/v2.0/authorize', (ctx) => {
    const q = ctx.query as Form;
    answer(ctx, () => {
      if (!q.client_id || !q.redirect_uri)
        throw new OAuthError(
          'invalid_request',
          900144,
          "The request body must contain the 'client_id' and 'redirect_uri' parameters.",
        );
      if (q.response_type !== 'code')
        throw new OAuthError('unsupported_response_type', 700054, 'response_type must be code.');
      const code = oauth.authorize({
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        scope: q.scope ?? '',
        challenge: q.code_challenge ?? null,
        challengeMethod: q.code_challenge_method ?? 'plain',
        nonce: q.nonce ?? null,
        loginHint: q.login_hint ?? null,
      });
      const target = new URL(q.redirect_uri);
      target.searchParams.set('code', code);
      if (q.state !== undefined) target.searchParams.set('state', q.state);
      ctx.redirect(target.toString());
    });
  });

  router.post('/:tenant/oauth2/v2.0/token', (ctx) => {
    const form = (ctx.request.body ?? {}) as Form;
    oauth.tokenRequests.push({ tenant: ctx.params.tenant ?? '', grantType: form.grant_type ?? '', status: 0 });
    const seen = oauth.tokenRequests.at(-1)!;
    if (oauth.tokenRequests.length > 1_000) oauth.tokenRequests.shift();
    answer(ctx, () => {
      if (!form.client_id)
        throw new OAuthError('invalid_request', 900144, "The request body must contain the 'client_id' parameter.");
      ctx.set('Cache-Control', 'no-store');
      if (form.grant_type === 'authorization_code')
        ctx.body = oauth.redeemCode(form.code ?? '', form.code_verifier, form.redirect_uri);
      else if (form.grant_type === 'refresh_token')
        ctx.body = oauth.redeemRefresh(form.refresh_token ?? '', form.scope);
      else if (form.grant_type === 'client_credentials')
        ctx.body = oauth.clientCredentials(form.client_id, form.scope ?? '');
      else throw new OAuthError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    });
    seen.status = ctx.status;
  });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (ctx) => {
    const base = `${originOf(ctx)}/${ctx.params.tenant ?? 'common'}`;
    ctx.body = {
      issuer: `https://login.microsoftonline.com/{tenantid}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['HS256', 'RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      code_challenge_methods_supported: ['plain', 'S256'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    };
  });

  router.get('/common/discovery/instance', (ctx) => {
    const host = ctx.host;
    ctx.body = {
      tenant_discovery_endpoint: `${originOf(ctx)}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });

  router.put('/_control/oauth/user', (ctx) => {
    const address = (ctx.request.body as { address?: unknown } | undefined)?.address;
    if (typeof address !== 'string' || !state.store.resolve(address)) {
      ctx.status = 404;
      ctx.body = { error: { code: 'not_found', message: `No emulated mailbox ${String(address)}` } };
      return;
    }
    oauth.signInAs = address;
    ctx.status = 204;
  });

  // Which authority (tenant path segment) each token request used, with its grant type and status.
  router.get('/_control/oauth/token-requests', (ctx) => {
    ctx.body = { value: oauth.tokenRequests };
  });

  router.post('/_control/oauth/fail-next-refresh', (ctx) => {
    oauth.failNextRefresh = true;
    ctx.status = 204;
  });
}
