import { createHash } from 'node:crypto';

// Teams ids look opaque; hashing keeps them stable across runs so tests and demo links can rely on them.
const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');

/** The Teams user id (`29:1...`) of an Entra user; the same object id always gives the same id. */
export function teamsUserId(aadObjectId: string): string {
  return `29:1${digest(`user|${aadObjectId.toLowerCase()}`).slice(0, 40)}`;
}

/** The Teams id of a bot (`28:<appId>`). */
export function teamsBotId(appId: string): string {
  return `28:${appId}`;
}

/** The app id inside a `28:<appId>` bot id (or the id itself when it has no prefix). */
export function botAppIdOf(id: string): string {
  return id.startsWith('28:') ? id.slice(3) : id;
}

/** The personal conversation id (`a:1...`) of a bot and a Teams user; one per pair, as in Teams. */
export function personalConversationId(botAppId: string, userId: string): string {
  return `a:1${digest(`conversation|${botAppId.toLowerCase()}|${userId}`).slice(0, 48)}`;
}
