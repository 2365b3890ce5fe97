import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type Router from '@koa/router';
import { ApiError } from './errors';

/** The URL path the Teams tab is served under. */
export const TEAMS_TAB_PATH = '/app/teams/';

/** The URL path the Outlook pane is served under (the manifest opens it with `?host=outlook`). */
export const OUTLOOK_PANE_PATH = '/app/outlook/';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * Serves a built front end's files under `prefix` (GET only; no directory listing). Unknown paths without a
 * file extension answer the index page, so reloading a deep link works. Hashed chunks are cached for good.
 */
export function mountStaticApp(router: Router, prefix: string, root: string): void {
  // The router ignores trailing slashes: redirect only the bare prefix, so relative asset URLs resolve.
  router.get(prefix.slice(0, -1), (ctx, next) => (ctx.path.endsWith('/') ? next() : ctx.redirect(prefix)));
  router.get(`${prefix}{*path}`, async (ctx, next) => {
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(prefix.length)) || 'index.html';
    } catch {
      throw new ApiError('bad_request', 'The path has a malformed percent-encoding');
    }
    if (rel.includes('\u0000')) throw new ApiError('bad_request', 'The path contains a NUL character');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root)) return next();
    let target = file;
    let info = await stat(target).catch(() => null);
    if ((!info || !info.isFile()) && path.extname(rel) === '') {
      target = path.join(root, 'index.html');
      info = await stat(target).catch(() => null);
    }
    if (!info || !info.isFile()) {
      ctx.status = 404;
      ctx.body = {
        error: {
          code: 'not_found',
          message: `No file ${rel}${rel === 'index.html' ? ' (build the app: npm run build -w @pivotal-pm/addins)' : ''}`,
        },
      };
      return;
    }
    ctx.type = types[path.extname(target)] ?? 'application/octet-stream';
    ctx.length = info.size;
    ctx.set(
      'Cache-Control',
      target.includes(`${path.sep}chunks${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = createReadStream(target);
  });
}

/**
 * `GET /app/outlook/config.json`: what the pane needs to sign in through nested app authentication, the Entra app's
 * client id (`ENTRA_AUDIENCE`, the `aud` of its v2 tokens) and the API scope the app registration exposes
 * (`api://<public host>/<client id>/access_as_user`). Nulls when no Entra app is configured (the pane then uses
 * Office single sign-on). Public: nothing in it is a secret.
 */
export function mountPaneConfig(
  router: Router,
  config: { publicUrl: string; entraAudience: string | undefined },
): void {
  const clientId = config.entraAudience && /^[0-9a-f-]{36}$/i.test(config.entraAudience) ? config.entraAudience : null;
  const body = {
    clientId,
    scope: clientId ? `api://${new URL(config.publicUrl).host}/${clientId}/access_as_user` : null,
  };
  router.get(`${OUTLOOK_PANE_PATH}config.json`, (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = body;
  });
}
