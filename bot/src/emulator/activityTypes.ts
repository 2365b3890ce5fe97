/** A Bot Framework channel account (`29:` users, `28:` bots). */
export type ChannelAccount = { id: string; name?: string; aadObjectId?: string };

/** The conversation of a Teams personal (1:1) chat. */
export type PersonalConversation = { id: string; conversationType: 'personal'; tenantId: string };

/** An activity as Teams sends it to a bot in a personal chat (the fields the emulator builds). */
export type TeamsActivity = {
  type: 'message' | 'installationUpdate' | 'invoke';
  id: string;
  timestamp: string;
  localTimestamp: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: ChannelAccount;
  recipient: ChannelAccount;
  conversation: PersonalConversation;
  channelData: { tenant: { id: string }; source?: { name: string } };
  locale: string;
  text?: string;
  textFormat?: 'plain';
  action?: 'add' | 'remove';
  name?: string;
  value?: unknown;
  replyToId?: string;
  entities?: Record<string, unknown>[];
};
