// The bot's own channel adapter over the Activity protocol: inbound authentication, the Bot Connector REST client
// and pacing. See docs/adr/0012-teams-bot-channel.md for why the bot does not run on botbuilder or the Agents SDK's
// hosting package.
export * from './activity';
export * from './connector';
export * from './inbound';
export * from './pacer';
