import type Router from '@koa/router';
import type { Context } from 'koa';
import { type EmulatorState, graphError } from './gate';
import { NotFound } from './store';
import type { LifecycleEvent, SubscriptionInput } from './subscriptions';

const LIFECYCLE_EVENTS: LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

/** Mounts `/v1.0/subscriptions` (create with validation handshake, renew, delete, list) and their `/_control` helpers. */
export function mountSubscriptionRoutes(router: Router, state: EmulatorState): void {
  const hub = state.subscriptions;

  router.post('/v1.0/subscriptions', async (ctx) => {
    const creator = ctx.state.signedInAs ? (state.store.resolve(String(ctx.state.signedInAs))?.userId ?? null) : null;
    ctx.status = 201;
    ctx.body = {
      '@odata.context': `${ctx.protocol}://${ctx.host}/v1.0/$metadata#subscriptions/$entity`,
      ...(await hub.create((ctx.request.body ?? {}) as SubscriptionInput, creator)),
    };
  });

  router.get('/v1.0/subscriptions', (ctx) => {
    ctx.body = { '@odata.context': `${ctx.protocol}://${ctx.host}/v1.0/$metadata#subscriptions`, value: hub.list() };
  });

  router.get('/v1.0/subscriptions/:id', (ctx) => {
    const found = hub.list().find((s) => s.id === ctx.params.id);
    if (!found)
      throw new NotFound('ResourceNotFound', `The object was not found (subscription ${ctx.params.id ?? ''}).`);
    ctx.body = found;
  });

  router.patch('/v1.0/subscriptions/:id', (ctx) => {
    ctx.body = hub.renew(
      ctx.params.id ?? '',
      (ctx.request.body as { expirationDateTime?: unknown } | undefined)?.expirationDateTime,
    );
  });

  router.delete('/v1.0/subscriptions/:id', (ctx) => {
    hub.remove(ctx.params.id ?? '');
    ctx.status = 204;
  });

  const guarded = (handler: (ctx: Context) => void) => (ctx: Context) => {
    try {
      handler(ctx);
    } catch (error) {
      const status = error instanceof NotFound ? 404 : 400;
      graphError(
        ctx,
        status,
        error instanceof NotFound ? 'not_found' : 'invalid_request',
        error instanceof Error ? error.message : String(error),
      );
    }
  };
  router.get('/_control/subscriptions', (ctx) => {
    ctx.body = { value: hub.list() };
  });
  router.get('/_control/notifications', (ctx) => {
    ctx.body = { value: hub.deliveries };
  });
  router.post(
    '/_control/subscriptions/:id/lifecycle',
    guarded((ctx) => {
      const event = (ctx.request.body as { lifecycleEvent?: unknown } | undefined)?.lifecycleEvent;
      if (!LIFECYCLE_EVENTS.includes(event as LifecycleEvent))
        throw new Error(`lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}.`);
      hub.lifecycle(ctx.params.id ?? '', event as LifecycleEvent);
      ctx.status = 202;
    }),
  );
  router.post(
    '/_control/subscriptions/:id/expire',
    guarded((ctx) => {
      hub.expire(ctx.params.id ?? '');
      ctx.status = 204;
    }),
  );
}
