import type { TeamsActivity } from './activityTypes';
import { personalConversationId, teamsBotId, teamsUserId } from './identity';
import type { TeamsUser } from './types';

/** What the builders need to know about the bot and the channel. */
export type ActivityContext = {
  serviceUrl: string;
  botAppId: string;
  botName?: string;
  locale?: string;
  now?: () => number;
};

/** Options of an `adaptiveCard/action` invoke: the card message it came from and how it was triggered. */
export type InvokeOptions = { replyToId?: string; trigger?: 'manual' | 'automatic' };

/** The verb and data of an `Action.Execute`. */
export type ExecuteAction = { verb: string; data?: Record<string, unknown> };

/** Builders of the activities Teams sends a bot in a personal chat. */
export type ActivityBuilders = {
  message(user: TeamsUser, text: string): TeamsActivity;
  installationUpdate(user: TeamsUser, action: 'add' | 'remove'): TeamsActivity;
  invokeAction(user: TeamsUser, action: ExecuteAction, options?: InvokeOptions): TeamsActivity;
};

let sequence = 0;

/** Activity builders bound to a bot and the emulator's service URL. */
export function createActivityBuilders(context: ActivityContext): ActivityBuilders {
  const now = context.now ?? Date.now;
  const locale = context.locale ?? 'en-US';
  const base = (user: TeamsUser, type: TeamsActivity['type']): TeamsActivity => {
    const at = now();
    const from = teamsUserId(user.aadObjectId);
    sequence += 1;
    return {
      type,
      // Teams' inbound ids in personal chats are millisecond timestamps; the sequence keeps them unique.
      id: `${at}${String(sequence % 1000).padStart(3, '0')}`,
      timestamp: new Date(at).toISOString(),
      localTimestamp: new Date(at).toISOString(),
      channelId: 'msteams',
      serviceUrl: context.serviceUrl,
      from: { id: from, aadObjectId: user.aadObjectId, name: user.name },
      recipient: { id: teamsBotId(context.botAppId), name: context.botName ?? 'Pivotal' },
      conversation: {
        id: personalConversationId(context.botAppId, from),
        conversationType: 'personal',
        tenantId: user.tenantId,
      },
      channelData: { tenant: { id: user.tenantId } },
      locale,
    };
  };
  return {
    message: (user, text) => ({
      ...base(user, 'message'),
      text,
      textFormat: 'plain',
      entities: [{ type: 'clientInfo', locale, platform: 'Web', timezone: 'UTC' }],
    }),
    installationUpdate: (user, action) => ({ ...base(user, 'installationUpdate'), action }),
    invokeAction: (user, action, options = {}) => ({
      ...base(user, 'invoke'),
      name: 'adaptiveCard/action',
      // A card's Action.Execute comes from the card's message: replyToId is that message's id.
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      channelData: { tenant: { id: user.tenantId }, source: { name: 'message' } },
      value: {
        action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} },
        trigger: options.trigger ?? 'manual',
      },
    }),
  };
}
