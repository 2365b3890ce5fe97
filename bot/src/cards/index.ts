// The bot's Adaptive Cards 1.5: typed builders from typed data (see each module for its card).
export * from './actions';
export * from './attachment';
export * from './context';
export * from './digestSettings';
export * from './help';
export * from './managerDigest';
export * from './myPipeline';
export * from './myTasks';
export * from './nextBestAction';
export type * from './schema';
export * from './slaReminder';
export { escapeMarkdown, unescapeMarkdown } from './text';
export { TEAMS_LIGHT_HOST_CONFIG } from './teamsHostConfig';
