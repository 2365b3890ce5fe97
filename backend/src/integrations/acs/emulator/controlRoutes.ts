import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { AcsControl } from './control';

const behaviourSchema = z
  .object({
    outcome: z.enum(['answer', 'noAnswer', 'busy']),
    ringMs: z.number().int().min(0),
    digit: z
      .string()
      .regex(/^[0-9*#A-Da-d]+$/)
      .nullable(),
    digitAfterMs: z.number().int().min(0),
    hangUpAfterMs: z.number().int().min(0).nullable(),
  })
  .partial();
const faultSchema = z.object({
  path: z.string().min(1),
  method: z.string().optional(),
  count: z.number().int().min(1).optional(),
  status: z.number().int().min(400).max(599),
  retryAfterSeconds: z.number().int().min(0).optional(),
});

async function json(ctx: Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

const guarded = (handler: (ctx: Context) => Promise<void> | void) => async (ctx: Context) => {
  try {
    await handler(ctx);
  } catch (error) {
    ctx.status = error instanceof z.ZodError || error instanceof SyntaxError ? 400 : 404;
    ctx.body = { error: { code: ctx.status === 400 ? 'invalid_request' : 'not_found', message: String(error) } };
  }
};

/** The unauthenticated `/_emulator` control API (tests and the demo), mirroring `AcsControl`. */
export function controlRouter(control: AcsControl): Router {
  const router = new Router({ prefix: '/_emulator' });
  router.put(
    '/numbers/:number',
    guarded(async (ctx) => {
      control.setNumber(ctx.params.number ?? '', behaviourSchema.parse(await json(ctx)));
      ctx.status = 204;
    }),
  );
  router.post(
    '/calls/:id/rep-hangup',
    guarded((ctx) => {
      control.repHangUp(ctx.params.id ?? '');
      ctx.status = 204;
    }),
  );
  router.post(
    '/faults',
    guarded(async (ctx) => {
      control.fail(faultSchema.parse(await json(ctx)));
      ctx.status = 204;
    }),
  );
  router.put(
    '/event-grid',
    guarded(async (ctx) => {
      control.setEventGridUrl(z.object({ url: z.string().url().nullable() }).parse(await json(ctx)).url);
      ctx.status = 204;
    }),
  );
  router.put(
    '/rep-answer',
    guarded(async (ctx) => {
      control.setRepAnswerMs(z.object({ ms: z.number().int().min(0) }).parse(await json(ctx)).ms);
      ctx.status = 204;
    }),
  );
  router.get('/callbacks', (ctx) => {
    ctx.body = { value: control.callbacks() };
  });
  router.get('/calls', (ctx) => {
    ctx.body = { value: control.calls() };
  });
  router.get('/identities', (ctx) => {
    ctx.body = { value: control.identities() };
  });
  router.post('/reset', (ctx) => {
    control.reset();
    ctx.status = 204;
  });
  return router;
}
