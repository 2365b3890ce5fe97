import { timingSafeEqual } from 'node:crypto';
import cors from '@koa/cors';
import type { Context, Middleware } from 'koa';
import helmet from 'koa-helmet';
import type { Config } from '#config';

/**
 * Hosts that may frame Pivotal's pages: Teams, Outlook and the Microsoft 365 app, on their current and their
 * `cloud.microsoft` domains (Microsoft's tab requirements). Nothing else may frame the tab, which keeps an
 * 8-hour token in `sessionStorage`: framing by any other site would be a clickjacking risk.
 */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
  'https://outlook.live.com',
];

const csp = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Fluent UI (Griffel) inserts its styles at run time.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    // teams-js reads Microsoft's list of valid host origins from its CDN.
    connectSrc: ["'self'", 'https://res.cdn.office.net'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: FRAME_ANCESTORS,
  },
};

/** Where office.js comes from (the Outlook pane loads it from Microsoft's CDN, as Microsoft requires). */
export const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

/** The pane's policy: the app's own, plus office.js and what it fetches from its CDN. */
const paneCsp = {
  ...csp,
  directives: {
    ...csp.directives,
    scriptSrc: ["'self'", OFFICE_JS_ORIGIN],
    // office.js's CDN, and Entra for nested app authentication's popup fallback.
    connectSrc: [...csp.directives.connectSrc, OFFICE_JS_ORIGIN, 'https://login.microsoftonline.com'],
  },
};

/** Pages that run inside Outlook (the only ones office.js may load into). */
const OUTLOOK_PATH = '/app/outlook/';

const ONE_YEAR = 31_536_000;

/**
 * Response headers for browsers: a CSP whose `frame-ancestors` admits only the Microsoft 365 hosts (no
 * X-Frame-Options, which cannot name them), `X-Content-Type-Options: nosniff`, `Cache-Control: no-store` on
 * everything but the static apps' files (they set their own), and HSTS in production on requests that reached the
 * proxy over https (`X-Forwarded-Proto`, trusted because `app.proxy` is on in production).
 */
export function securityHeaders(config: Config): Middleware {
  const withPolicy = (contentSecurityPolicy: typeof csp) =>
    helmet({
      contentSecurityPolicy,
      xFrameOptions: false,
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
    });
  const headers = withPolicy(csp);
  const paneHeaders = withPolicy(paneCsp);
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    if (config.env === 'production' && ctx.protocol === 'https')
      ctx.set('Strict-Transport-Security', `max-age=${ONE_YEAR}; includeSubDomains`);
    await (ctx.path.startsWith(OUTLOOK_PATH) ? paneHeaders : headers)(ctx, next);
  };
}

/**
 * CORS for agencies' portals that call the API from the browser with embed tokens: only the configured origins,
 * bearer tokens only (no cookies, so no credentials). Without `PIVOTAL_CORS_ORIGINS` no origin is allowed and
 * portals proxy the API through their own origin.
 */
export function corsAllowList(config: Config): Middleware {
  const allowed = new Set(config.corsOrigins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: ['Idempotent-Replayed', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}

/**
 * Whether `/metrics` may be read: with `PIVOTAL_METRICS_TOKEN` set, only with that bearer token; without it, only
 * outside production (a production deployment must set the token, or the route answers 404).
 */
export function metricsAllowed(ctx: Context, config: Config): boolean {
  if (config.metricsToken === undefined) return config.env !== 'production';
  const given = Buffer.from(/^bearer\s+(.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '');
  const expected = Buffer.from(config.metricsToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
