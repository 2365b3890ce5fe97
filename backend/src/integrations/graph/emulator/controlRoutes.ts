import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { FaultSpec, GraphControl } from './control';
import type { NewMessage } from './mail';

const seedSchema = z.object({
  address: z.string().email(),
  displayName: z.string().optional(),
  folders: z.array(z.string()).optional(),
  messages: z.number().int().min(0).max(100_000).optional(),
  days: z.number().positive().optional(),
  seed: z.number().int().optional(),
});
const faultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('throttle'),
    count: z.number().int().min(0),
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  z.object({
    kind: z.literal('unavailable'),
    count: z.number().int().min(0),
    status: z.union([z.literal(503), z.literal(504)]),
  }),
  z.object({ kind: z.literal('syncStateNotFound'), count: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal('replay'), rounds: z.number().int().min(0).optional(), items: z.number().int().min(0) }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0) }),
]);
const limitsSchema = z
  .object({
    windowMs: z.number().int().positive(),
    maxRequests: z.number().int().positive(),
    maxConcurrent: z.number().int().positive(),
  })
  .partial();

/** Mounts the unauthenticated `/_control` API (tests and the demo): seed, deliver, delete, faults, sent log. */
export function mountControlRoutes(router: Router, control: GraphControl): void {
  const guarded = (handler: (ctx: Context) => void) => (ctx: Context) => {
    try {
      handler(ctx);
    } catch (error) {
      ctx.status = error instanceof z.ZodError ? 400 : 404;
      ctx.body = {
        error: {
          code: ctx.status === 400 ? 'invalid_request' : 'not_found',
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
  };
  router.post(
    '/_control/mailboxes',
    guarded((ctx) => {
      ctx.status = 201;
      ctx.body = control.seedMailbox(seedSchema.parse(ctx.request.body));
    }),
  );
  router.post(
    '/_control/mailboxes/:address/messages',
    guarded((ctx) => {
      const body = (ctx.request.body ?? {}) as NewMessage & { folder?: string };
      const { folder, ...message } = body;
      ctx.status = 201;
      ctx.body = control.deliver(ctx.params.address ?? '', message, folder);
    }),
  );
  router.get(
    '/_control/mailboxes/:address/messages',
    guarded((ctx) => {
      ctx.body = {
        value: control.messages(
          ctx.params.address ?? '',
          typeof ctx.query.folder === 'string' ? ctx.query.folder : undefined,
        ),
      };
    }),
  );
  router.delete(
    '/_control/mailboxes/:address/messages/:id',
    guarded((ctx) => {
      control.deleteMessage(ctx.params.address ?? '', ctx.params.id ?? '');
      ctx.status = 204;
    }),
  );
  router.post(
    '/_control/mailboxes/:address/faults',
    guarded((ctx) => {
      control.injectFault(ctx.params.address ?? '', faultSchema.parse(ctx.request.body) as FaultSpec);
      ctx.status = 204;
    }),
  );
  router.put(
    '/_control/limits',
    guarded((ctx) => {
      control.setLimits(limitsSchema.parse(ctx.request.body));
      ctx.status = 204;
    }),
  );
  router.get('/_control/sent', (ctx) => {
    ctx.body = { value: control.sent() };
  });
  router.get('/_control/requests', (ctx) => {
    ctx.body = { value: control.requests() };
  });
  router.post('/_control/reset', (ctx) => {
    control.reset();
    ctx.status = 204;
  });
}
