import type Router from '@koa/router';
import type { Context } from 'koa';
import { type EventInput, createEvent, eventsBetween, removeEvent, requireEvent } from './calendar';
import { BadRequest, type EmulatorState, mailboxOf, originOf, preferOf } from './gate';
import { presentEvent } from './presentEvent';

const BASE = '/v1.0/users/:user';
/** The default calendar is reachable as `events` and as `calendar/events` (and likewise for calendarView). */
const CALENDARS = ['', '/calendar'];
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1_000;

/** Calendar routes: create (transactionId-idempotent), get, delete, cancel, calendarView (paged). */
export function mountCalendarRoutes(router: Router, state: EmulatorState): void {
  const { store } = state;
  for (const calendar of CALENDARS) {
    const events = `${BASE}${calendar}/events`;

    router.post(events, (ctx) => {
      const mailbox = mailboxOf(ctx);
      const body = ctx.request.body as EventInput | undefined;
      if (!body || typeof body !== 'object') throw new BadRequest('ErrorInvalidRequest', 'An event body is required.');
      const { event } = createEvent(store, mailbox, body);
      // A repeated transactionId answers the event created first, as a create would.
      ctx.status = 201;
      ctx.body = {
        '@odata.context': `${originOf(ctx)}/v1.0/$metadata#users('${mailbox.userId}')/events/$entity`,
        ...presentEvent(event, outlookTimeZone(ctx)),
      };
    });

    router.get(`${events}/:id`, (ctx) => {
      ctx.body = presentEvent(requireEvent(mailboxOf(ctx), ctx.params.id ?? ''), outlookTimeZone(ctx));
    });

    router.delete(`${events}/:id`, (ctx) => {
      const mailbox = mailboxOf(ctx);
      removeEvent(store, mailbox, requireEvent(mailbox, ctx.params.id ?? ''));
      ctx.status = 204;
    });

    router.post(`${events}/:id/cancel`, (ctx) => {
      const mailbox = mailboxOf(ctx);
      const event = requireEvent(mailbox, ctx.params.id ?? '');
      const comment = (ctx.request.body as { comment?: unknown; Comment?: unknown } | undefined) ?? {};
      const text = comment.comment ?? comment.Comment;
      removeEvent(store, mailbox, event, typeof text === 'string' ? text : '');
      ctx.status = 202;
      ctx.body = '';
    });

    router.get(`${BASE}${calendar}/calendarView`, (ctx) => {
      const mailbox = mailboxOf(ctx);
      const startText = firstString(ctx.query.startDateTime ?? ctx.query.StartDateTime);
      const endText = firstString(ctx.query.endDateTime ?? ctx.query.EndDateTime);
      if (!startText || !endText)
        throw new BadRequest(
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      const start = parseInstant(startText);
      const end = parseInstant(endText);
      if (Number.isNaN(start) || Number.isNaN(end))
        throw new BadRequest(
          'ErrorInvalidParameter',
          'The StartDateTime or EndDateTime value is not a valid date-time.',
        );
      const prefer = preferOf(ctx);
      const top = Number(firstString(ctx.query.$top)) || prefer.maxPageSize || DEFAULT_PAGE;
      const pageSize = Math.min(MAX_PAGE, Math.max(1, top));
      const skip = Math.max(0, Number(firstString(ctx.query.$skip)) || 0);
      const all = eventsBetween(mailbox, start, end);
      const zone = outlookTimeZone(ctx);
      const body: Record<string, unknown> = {
        '@odata.context': `${originOf(ctx)}/v1.0/$metadata#users('${mailbox.userId}')/calendarView`,
        value: all.slice(skip, skip + pageSize).map((event) => presentEvent(event, zone)),
      };
      if (skip + pageSize < all.length) {
        const query = new URLSearchParams({
          startDateTime: startText,
          endDateTime: endText,
          $top: String(pageSize),
          $skip: String(skip + pageSize),
        });
        const user = encodeURIComponent(String(ctx.params.user));
        body['@odata.nextLink'] = `${originOf(ctx)}/v1.0/users/${user}${calendar}/calendarView?${query.toString()}`;
      }
      ctx.body = body;
    });
  }
}

/** The zone of `Prefer: outlook.timezone="..."`, in which start/end are answered (else UTC). */
function outlookTimeZone(ctx: Context): string | null {
  return /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(ctx.get('prefer'))?.[1] ?? null;
}

/** An ISO 8601 instant; without an offset it is UTC, as calendarView reads it. */
function parseInstant(text: string): number {
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  return Date.parse(withZone);
}

function firstString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
