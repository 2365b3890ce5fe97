import { timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { isUuid } from '#db/ids';
import { applySignals } from './signals';
import { telephonyRuntime } from './runtime';
import { recordingFileSignals } from './eventGrid';
import { mountTwilioVoice } from './twilioVoice';
import { formParams, rawText } from './requestBody';

/** What the provider callback routes need. */
export type CallRouteDeps = { knex: Knex; log: Logger };

async function jsonBody(ctx: Context): Promise<unknown> {
  if (ctx.request.body !== undefined && Object.keys(ctx.request.body as object).length > 0) return ctx.request.body;
  const text = await rawText(ctx);
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function refuse(ctx: Context, status: number, code: string, message: string) {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Mounts the providers' callback routes. Each refuses (401) what its provider did not sign: ACS's call events carry
 * its bearer JWT, the Event Grid recording route the subscription's `key`, Twilio's status callbacks their
 * `X-Twilio-Signature`. Every event is applied once (by its id), so the providers' retries are harmless.
 */
export function mountCallRoutes(router: Router, deps: CallRouteDeps): void {
  router.post('/api/calls/acs/events/:tenantId/:callId', async (ctx) => {
    const acs = telephonyRuntime()?.acsCallbacks;
    if (!acs) return refuse(ctx, 503, 'unavailable', 'ACS is not configured on this server');
    try {
      await acs.verify(ctx.get('authorization') || undefined);
    } catch (error) {
      deps.log.warn({ reason: (error as Error).message }, 'calls: an ACS callback without a valid token, refused');
      return refuse(ctx, 401, 'unauthenticated', 'The callback is not signed by Azure Communication Services');
    }
    const { tenantId, callId } = ctx.params as { tenantId: string; callId: string };
    if (!isUuid(tenantId) || !isUuid(callId)) return refuse(ctx, 404, 'not_found', 'No such call');
    const body = await jsonBody(ctx);
    const events = Array.isArray(body) ? body : body ? [body] : [];
    // Only this call's events count: the URL is the call's own.
    const signals = acs.signals(events, callId).filter((s) => s.callId === callId);
    await applySignals(deps, tenantId, 'acs', signals);
    ctx.status = 204;
  });

  router.post('/api/calls/acs/recordings', async (ctx) => {
    const acs = telephonyRuntime()?.acsCallbacks;
    const key = typeof ctx.query.key === 'string' ? ctx.query.key : '';
    if (!acs?.eventGridKey || !sameSecret(key, acs.eventGridKey))
      return refuse(ctx, 401, 'unauthenticated', 'Wrong or missing subscription key');
    const body = await jsonBody(ctx);
    const events = Array.isArray(body) ? (body as unknown[]) : [];
    const validation = events.find(
      (e) => (e as { eventType?: string })?.eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent',
    ) as { data?: { validationCode?: string } } | undefined;
    if (validation?.data?.validationCode) {
      ctx.body = { validationResponse: validation.data.validationCode };
      return;
    }
    for (const { tenantId, signals } of await recordingFileSignals(deps.knex, acs.signals(events, null)))
      await applySignals(deps, tenantId, 'acs', signals);
    ctx.status = 200;
  });

  mountTwilioVoice(router, deps);

  router.post('/api/calls/twilio/events/:tenantId/:callId', async (ctx) => {
    const runtime = telephonyRuntime();
    const twilio = runtime?.twilioCallbacks;
    if (!runtime || !twilio) return refuse(ctx, 503, 'unavailable', 'Twilio is not configured on this server');
    const params = await formParams(ctx);
    const url = new URL(ctx.originalUrl, runtime.publicUrl).toString();
    if (!twilio.verify(url, params, ctx.get('x-twilio-signature') || undefined))
      return refuse(ctx, 401, 'unauthenticated', 'The callback is not signed by Twilio');
    const { tenantId, callId } = ctx.params as { tenantId: string; callId: string };
    if (!isUuid(tenantId) || !isUuid(callId)) return refuse(ctx, 404, 'not_found', 'No such call');
    const signal = twilio.signal(params, callId);
    if (signal) await applySignals(deps, tenantId, 'twilio', [signal]);
    ctx.status = 204;
  });
}
