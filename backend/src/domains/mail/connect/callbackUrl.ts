import type { Config } from '#config';

/** The path of the OAuth redirect URI registered on the Entra app. */
export const O365_CALLBACK_PATH = '/oauth/o365/callback';
/** The small page the browser lands on after connecting (unless the caller named its own). */
export const O365_CONNECTED_PATH = '/oauth/o365/connected';

/** The absolute redirect URI MSAL sends to Entra (must be registered on the app). */
export function callbackUrl(config: Pick<Config, 'publicUrl'>): string {
  return new URL(O365_CALLBACK_PATH, config.publicUrl).toString();
}
