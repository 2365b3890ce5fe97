import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { eventNames, rolesGrant, type EventName } from '@pivotal-pm/sdk';
import { withTenant } from '#db/tenantTx';
import { ApiError, invalidField } from '#http/errors';
import { authenticateOrCount, type RequestState } from '#http/mountOperations';
import type { Services } from '#http/types';
import { parseEventCursor, visibleHorizon } from '../outbox';
import type { EventHub } from './hub';
import { openSubscription } from './subscription';
import { issueStreamTicket, redeemStreamTicket } from './tickets';
import { streamableNames } from './visibility';

export type EventStreamDeps = { hub: EventHub; knex: Knex; services: Services; log: Logger; heartbeatMs?: number };

/** The path of the live stream. */
export const EVENT_STREAM_PATH = '/v1/events/stream';
/** Where a browser mints the one-time ticket that opens a stream (EventSource cannot send headers). */
export const EVENT_STREAM_TICKET_PATH = '/v1/events/stream/ticket';

const bad = (path: string, message: string) => invalidField(path, message, 'invalid_value');

function queryString(ctx: Context, key: string): string | undefined {
  const v = ctx.query[key];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[v.length - 1] : undefined;
}

function requestedNames(raw: string | undefined): EventName[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  const unknown = names.find((n) => !(eventNames as readonly string[]).includes(n));
  if (unknown !== undefined) throw bad('names', `unknown event name ${JSON.stringify(unknown.slice(0, 64))}`);
  return names as EventName[];
}

/**
 * `GET /v1/events/stream`: Server-Sent Events of the caller's tenant, live. Bearer token in the
 * Authorization header, or `?ticket=` from `POST /v1/events/stream/ticket` (one use, 60 s) where EventSource cannot
 * set headers; a bearer token is never taken from the URL. Open to every authenticated
 * caller, filtered to what it may see: its tenant, its clients when client-confined, and event names per
 * `streamableNames` (everything with `event.read`). Resumes after `Last-Event-ID` or `?after=`; without
 * either it starts at the tail. `?names=a,b` narrows the names. A caller may hold a few streams at once, and the
 * process a bounded number in all (`EVENT_STREAMS_PER_CALLER`, `EVENT_STREAMS_MAX`); beyond, `429`.
 */
export function mountEventStream(router: Router, deps: EventStreamDeps): void {
  router.post(EVENT_STREAM_TICKET_PATH, async (ctx) => {
    const principal = await authenticateOrCount(deps.services, ctx);
    (ctx.state as RequestState).principal = principal;
    await deps.services.rateLimiter.forCaller(principal);
    ctx.body = { data: await issueStreamTicket(deps.knex, principal) };
  });
  router.get(EVENT_STREAM_PATH, async (ctx) => {
    const ticket = queryString(ctx, 'ticket');
    if (queryString(ctx, 'access_token') !== undefined) {
      await deps.services.rateLimiter.forAddress(ctx.ip);
      throw new ApiError(
        'unauthenticated',
        `Tokens are not taken in the URL: mint a one-time ticket with POST ${EVENT_STREAM_TICKET_PATH}`,
      );
    }
    const principal =
      ticket === undefined
        ? await authenticateOrCount(deps.services, ctx)
        : await redeemStreamTicket(deps.knex, ticket).catch(async (err: unknown) => {
            await deps.services.rateLimiter.forAddress(ctx.ip);
            throw err;
          });
    (ctx.state as RequestState).principal = principal;
    // Opening a stream is a request of the caller like any other (the open stream itself is capped by the hub).
    await deps.services.rateLimiter.forCaller(principal);
    const runtime = await deps.services.tenants.get(principal.tenantId);
    const can = (p: Parameters<typeof rolesGrant>[1]) => rolesGrant(principal.roles, p, runtime.matrix);
    if (!can('self')) throw new ApiError('forbidden', 'Your role does not allow the event stream');
    const allowed = streamableNames(can);
    const asked = requestedNames(queryString(ctx, 'names'));
    const names = (asked ?? eventNames).filter((n) => allowed.includes(n));
    if (names.length === 0) throw new ApiError('forbidden', 'Your role may not read any of these events');
    // Refused early (429) when the caller already holds its share of streams; subscribing checks again.
    deps.hub.admit(principal.tenantId, `${principal.tenantId}:${principal.actor}`);

    const lastEventId = ctx.get('last-event-id');
    const afterParam = queryString(ctx, 'after');
    const after = lastEventId
      ? parseEventCursor(lastEventId, 'Last-Event-ID')
      : afterParam !== undefined
        ? parseEventCursor(afterParam, 'after')
        : await withTenant(
            deps.knex,
            { tenantId: principal.tenantId, userId: principal.userId, clientIds: principal.clientIds },
            (trx) => visibleHorizon(trx, principal.tenantId),
            { readOnly: true },
          );

    const sub = openSubscription({
      hub: deps.hub,
      log: deps.log,
      principal,
      names: names.length === eventNames.length ? undefined : names,
      after,
      ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
    });
    // Written by hand (not ctx.body): Koa would report every client disconnect as an app error.
    ctx.status = 200;
    ctx.respond = false;
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.res.on('close', sub.close);
    ctx.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    sub.body.pipe(ctx.res);
  });
}
