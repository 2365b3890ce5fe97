// @pivotal-pm/bot: the Teams bot (its logic, cards and channel adapter). The Bot Connector emulator is
// `@pivotal-pm/bot/emulator`.
export * from './app/bot';
export * from './app/types';
export { slaReminderFor, loadBreach, type SlaView } from './app/slaCards';
export * from './channel/index';
export * as cards from './cards/index';
export * from './app/notifications';
export { digestData, digestCard, type DigestPeriod } from './app/digest';
export { commandOf } from './app/commands';
