import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { ActivityBuilders } from './activities';
import type { DeliverOptions } from './deliver';
import type { TeamsActivity } from './activityTypes';
import type { ConnectorState } from './state';
import type { DeliveryResult } from './types';

/** What the control routes need from the emulator: its state, builders for the default bot and delivery. */
export type ControlDeps = {
  state: ConnectorState;
  activities: () => ActivityBuilders;
  deliver: (activity: TeamsActivity, options?: DeliverOptions) => Promise<DeliveryResult>;
};

const sayBody = z.object({ aadObjectId: z.string().min(1), text: z.string() });
const installBody = z.object({ aadObjectId: z.string().min(1), name: z.string().min(1), tenantId: z.string().min(1) });

/** Mounts the unauthenticated `/_emulator` routes for people trying the demo (and for tests). */
export function mountControlRoutes(router: Router, deps: ControlDeps): void {
  const { state } = deps;
  const invalid = (ctx: Context, error: z.ZodError) => {
    ctx.status = 400;
    ctx.body = { error: { code: 'BadArgument', message: z.prettifyError(error) } };
  };
  // The bot's answer is passed through: a failing bot shows as 502 with what it said.
  const forward = async (ctx: Context, activity: TeamsActivity) => {
    try {
      const result = await deps.deliver(activity);
      ctx.status = result.status >= 200 && result.status < 300 ? 200 : 502;
      ctx.body = { delivered: ctx.status === 200, botStatus: result.status, botBody: result.body };
    } catch (error) {
      ctx.status = 502;
      ctx.body = { delivered: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
  router.get('/_emulator/activities', (ctx) => {
    const conversationId = typeof ctx.query.conversationId === 'string' ? ctx.query.conversationId : undefined;
    ctx.body = state.recorded(conversationId || undefined);
  });
  router.get('/_emulator/conversations', (ctx) => {
    ctx.body = state.listConversations().map((conversation) => ({
      conversationId: conversation.conversationId,
      botAppId: conversation.botAppId,
      installed: state.isInstalled(conversation.conversationId),
      user: { id: conversation.userId, ...conversation.user },
    }));
  });
  router.get('/_emulator/stats', (ctx) => {
    ctx.body = state.stats;
  });
  router.post('/_emulator/say', async (ctx) => {
    const body = sayBody.safeParse(ctx.request.body);
    if (!body.success) return invalid(ctx, body.error);
    const user = state.user(body.data.aadObjectId);
    if (!user) {
      ctx.status = 404;
      ctx.body = { error: { code: 'UserNotFound', message: 'Unknown user: install the bot for them first.' } };
      return;
    }
    await forward(ctx, deps.activities().message(user, body.data.text));
  });
  router.post('/_emulator/install', async (ctx) => {
    const body = installBody.safeParse(ctx.request.body);
    if (!body.success) return invalid(ctx, body.error);
    state.rememberUser(body.data);
    await forward(ctx, deps.activities().installationUpdate(body.data, 'add'));
  });
}
