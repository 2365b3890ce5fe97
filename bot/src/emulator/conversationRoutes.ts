import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { connectorError, connectorFault, connectorUnauthorized } from './errors';
import type { FaultTarget } from './faults';
import { botAppIdOf, personalConversationId, teamsUserId } from './identity';
import type { ConnectorState } from './state';
import type { ConnectorOperation } from './types';

const createBody = z.object({
  bot: z.object({ id: z.string() }).optional(),
  members: z.array(z.object({ id: z.string(), aadObjectId: z.string().optional() })).min(1),
  channelData: z
    .object({ tenant: z.object({ id: z.string() }).optional() })
    .loose()
    .optional(),
  tenantId: z.string().optional(),
  isGroup: z.boolean().optional(),
});
const activityBody = z.object({ type: z.string().min(1) }).loose();

type AuthedState = { appId: string };

// What Teams answers once the user has removed the bot.
const notInRoster = (ctx: Context) =>
  connectorError(ctx, 403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');

/** Mounts the Conversations API under the service URL's path (e.g. `/teams`): create, send, reply and update. */
export function mountConversationRoutes(router: Router, state: ConnectorState, servicePath: string): void {
  // Bearer tokens from the emulator's token endpoint only, unexpired, for a registered bot.
  const authenticate = async (ctx: Context, next: Next) => {
    const header = ctx.get('Authorization');
    const claims = header.startsWith('Bearer ') ? await state.keys.verifyAccessToken(header.slice(7)) : null;
    const appId = typeof claims?.appid === 'string' ? claims.appid : null;
    if (!appId || !state.bot(appId)) {
      state.stats.unauthorized += 1;
      return connectorUnauthorized(ctx);
    }
    (ctx.state as AuthedState).appId = appId;
    await next();
  };
  const injected = (ctx: Context, target: FaultTarget): boolean => {
    const fault = state.faults.take(target);
    if (!fault) return false;
    state.stats.injectedFaults += 1;
    if (fault.status === 429) state.stats.tooManyRequests += 1;
    connectorFault(ctx, fault);
    return true;
  };

  router.post(`${servicePath}/v3/conversations`, authenticate, (ctx) => {
    if (injected(ctx, 'create')) return;
    const body = createBody.safeParse(ctx.request.body);
    if (!body.success) return connectorError(ctx, 400, 'BadSyntax', z.prettifyError(body.error));
    const appId = (ctx.state as AuthedState).appId;
    if (body.data.bot && botAppIdOf(body.data.bot.id) !== appId)
      return connectorError(ctx, 400, 'BadArgument', 'The bot id does not match the token.');
    if (body.data.isGroup || body.data.members.length !== 1)
      return connectorError(ctx, 400, 'BadArgument', 'Only personal (1:1) conversations are emulated.');
    if (!body.data.channelData?.tenant?.id && !body.data.tenantId)
      return connectorError(ctx, 400, 'BadArgument', 'Tenant ID is required for creating conversations.');
    const member = body.data.members[0]!;
    const user = state.user(member.id) ?? (member.aadObjectId ? state.user(member.aadObjectId) : undefined);
    // Teams refuses a proactive chat with someone who has not installed the bot.
    if (!user) return connectorError(ctx, 403, 'Forbidden', 'The bot is not installed for this user.');
    const existed = state.conversation(personalConversationId(appId, teamsUserId(user.aadObjectId)));
    if (existed && !state.isInstalled(existed.conversationId)) return notInRoster(ctx);
    const conversation = state.conversationFor(appId, user);
    ctx.status = existed ? 200 : 201;
    ctx.body = { id: conversation.conversationId };
  });

  const write = (operation: ConnectorOperation) => (ctx: Context) => {
    if (injected(ctx, operation)) return;
    const appId = (ctx.state as AuthedState).appId;
    const conversationId = String(ctx.params.conversationId);
    const conversation = state.conversation(conversationId);
    if (!conversation || conversation.botAppId !== appId)
      return connectorError(ctx, 404, 'ConversationNotFound', 'Conversation not found.');
    if (!state.isInstalled(conversationId)) return notInRoster(ctx);
    const body = activityBody.safeParse(ctx.request.body);
    if (!body.success) return connectorError(ctx, 400, 'BadSyntax', 'The activity must be a JSON object with a type.');
    const target = ctx.params.activityId ? String(ctx.params.activityId) : null;
    if (operation === 'update' && !state.hasBotActivity(conversationId, target ?? ''))
      return connectorError(ctx, 404, 'ActivityNotFound', 'Unknown activity id.');
    const decision = state.limiter.admit(`${appId}|${conversationId}`);
    if (!decision.ok) {
      state.stats.rateLimited += 1;
      state.stats.tooManyRequests += 1;
      return connectorError(ctx, 429, 'Throttled', 'Too many requests.', decision.retryAfterSeconds);
    }
    const activityId = operation === 'update' ? target! : `1:${randomBytes(18).toString('base64url')}`;
    const activity = operation === 'reply' ? { ...body.data, replyToId: target } : body.data;
    state.record(operation, conversationId, activityId, activity);
    ctx.status = operation === 'update' ? 200 : 201;
    ctx.body = { id: activityId };
  };
  router.post(`${servicePath}/v3/conversations/:conversationId/activities`, authenticate, write('send'));
  router.post(`${servicePath}/v3/conversations/:conversationId/activities/:activityId`, authenticate, write('reply'));
  router.put(`${servicePath}/v3/conversations/:conversationId/activities/:activityId`, authenticate, write('update'));
}
