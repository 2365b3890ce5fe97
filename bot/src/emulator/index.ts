export {
  type ActivityBuilders,
  type ActivityContext,
  type ExecuteAction,
  type InvokeOptions,
  createActivityBuilders,
} from './activities';
export type { ChannelAccount, PersonalConversation, TeamsActivity } from './activityTypes';
export type { DeliverOptions } from './deliver';
export { botAppIdOf, personalConversationId, teamsBotId, teamsUserId } from './identity';
export {
  BOT_FRAMEWORK_ISSUER,
  BOT_FRAMEWORK_TENANT_ID,
  CONNECTOR_AUDIENCE,
  type SigningKey,
  generateSigningKey,
} from './keys';
export { TEAMS_RATE_LIMITS } from './rateLimit';
export { type BotConnectorEmulator, type BotConnectorEmulatorOptions, startBotConnectorEmulator } from './server';
export type * from './types';
