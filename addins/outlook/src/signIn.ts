/** What the pane needs to sign in through nested app authentication (served at /app/outlook/config.json). */
export type PaneAuthConfig = { clientId: string | null; scope: string | null };

/** The part of an MSAL client the pane uses (msal-browser's nestable client; a fake in tests). */
export type TokenClient = {
  acquireTokenSilent(request: { scopes: string[] }): Promise<{ accessToken: string }>;
  acquireTokenPopup(request: { scopes: string[] }): Promise<{ accessToken: string }>;
};

export type SignInDeps = {
  config: PaneAuthConfig;
  /** True when the host supports nested app authentication (`NestedAppAuth` 1.1). */
  naaSupported(): boolean;
  /** Makes the nestable MSAL client for the configured app. */
  createClient(clientId: string): Promise<TokenClient>;
  /** Office's own single sign-on (`Office.auth.getAccessToken`), the fallback. */
  officeToken(): Promise<string>;
};

const interactionNeeded = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ['interaction_required', 'consent_required', 'login_required', 'no_account_error'].includes(
    String((error as { errorCode?: unknown }).errorCode),
  );

/**
 * The pane's token source: nested app authentication when the host supports it and the app is configured (silent
 * first, a popup when Entra needs the user), else Office single sign-on. One MSAL client for the pane's life.
 */
export function paneTokenSource(deps: SignInDeps): () => Promise<string> {
  const { clientId, scope } = deps.config;
  if (!clientId || !scope || !deps.naaSupported()) return () => deps.officeToken();
  let client: Promise<TokenClient> | null = null;
  return async () => {
    client ??= deps.createClient(clientId);
    const msal = await client;
    try {
      return (await msal.acquireTokenSilent({ scopes: [scope] })).accessToken;
    } catch (error) {
      if (!interactionNeeded(error)) throw error;
      return (await msal.acquireTokenPopup({ scopes: [scope] })).accessToken;
    }
  };
}
