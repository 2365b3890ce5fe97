import type { PivotalClient } from '@pivotal-pm/sdk';
import type { CardContext } from '../cards/index';
import type { Connector } from '../channel/index';

/** The Pivotal user behind a Teams identity, with an SDK client acting as them (the bot's only way to the API). */
export type BotUser = {
  client: PivotalClient;
  userId: string;
  displayName: string;
  timeZone: string;
  locale: string;
};

/** A Teams identity: the Entra object id and tenant of the person in the chat. */
export type TeamsIdentity = { aadObjectId: string; tenantId: string };

/** What the bot needs from its host (the backend provides each). */
export type BotDeps = {
  /** The bot's Entra app id (the audience of inbound tokens, `28:<appId>` in chats). */
  appId: string;
  /** The Teams app id of the package (deep links to the tab). */
  teamsAppId: string;
  /** Where the tab is served (deep links' web fallback). */
  appBaseUrl: string;
  /** The Pivotal user behind a Teams identity, or null when nobody matches (an unknown user is told so). */
  userFor(identity: TeamsIdentity): Promise<BotUser | null>;
  connector: Connector;
  now?: () => Date;
};

/** A Teams deep link to the Pipeline tab opened on one opportunity (the tab reads `subEntityId`). */
export function deepLinkTo(deps: Pick<BotDeps, 'teamsAppId' | 'appBaseUrl'>, opportunityId: string): string {
  const web = `${deps.appBaseUrl}/app/teams/?opp=${encodeURIComponent(opportunityId)}`;
  const context = JSON.stringify({ subEntityId: `opp:${opportunityId}` });
  return (
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(deps.teamsAppId)}/pipeline` +
    `?webUrl=${encodeURIComponent(web)}&label=Pivotal&context=${encodeURIComponent(context)}`
  );
}

/** The card context of a recipient: their locale and zone, the app's links. */
export function cardContextOf(deps: BotDeps, user: Pick<BotUser, 'locale' | 'timeZone'>): CardContext {
  return {
    locale: user.locale,
    timeZone: user.timeZone,
    appBaseUrl: deps.appBaseUrl,
    deepLink: (id) => deepLinkTo(deps, id),
    now: (deps.now?.() ?? new Date()).toISOString(),
  };
}
