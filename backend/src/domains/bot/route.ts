import type Router from '@koa/router';
import { InboundActivity, UnauthorizedActivity } from '@pivotal-pm/bot';
import type { Logger } from 'pino';
import { botRuntime } from './runtime';

/** Where the Bot Connector service posts activities (the messaging endpoint of the bot's registration). */
export const BOT_MESSAGES_PATH = '/api/messages';

/**
 * Mounts `POST /api/messages`: the activity's token is checked first (the Bot Connector's signature, audience = the
 * bot's app id, its service URL): without a valid one the answer is 401 and nothing is read or done. Then the activity
 * is checked (400 when malformed) and handled; an invoke answers its body.
 */
export function mountBotMessages(router: Router, deps: { log: Logger }): void {
  router.post(BOT_MESSAGES_PATH, async (ctx) => {
    const runtime = botRuntime();
    if (!runtime) {
      ctx.status = 503;
      ctx.body = { error: { code: 'unavailable', message: 'The Teams bot is not configured on this server' } };
      return;
    }
    const parsed = InboundActivity.safeParse(ctx.request.body);
    try {
      await runtime.inbound(ctx.get('authorization') || undefined, {
        serviceUrl: parsed.success ? parsed.data.serviceUrl : '',
      });
    } catch (error) {
      if (!(error instanceof UnauthorizedActivity)) throw error;
      deps.log.warn({ reason: error.message }, 'bot: unauthenticated activity refused');
      ctx.status = 401;
      ctx.body = { error: { code: 'unauthenticated', message: 'The activity is not signed by the Bot Connector' } };
      return;
    }
    if (!parsed.success) {
      ctx.status = 400;
      ctx.body = { error: { code: 'validation_failed', message: 'Not an activity' } };
      return;
    }
    const answer = await runtime.bot.handle(parsed.data);
    ctx.status = answer.status;
    ctx.body = answer.body ?? '';
  });
}
